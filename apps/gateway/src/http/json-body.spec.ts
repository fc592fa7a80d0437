import { findOversizedPart, JSON_BODY_LIMITS, nestsDeeperThan, parseJsonBody, RequestRefusal } from './json-body';

const parse = (text: Buffer) => JSON.parse(text.toString('utf8')) as unknown;

function refusalOf(text: string | Buffer, limits = JSON_BODY_LIMITS): RequestRefusal {
  try {
    parseJsonBody(Buffer.isBuffer(text) ? text : Buffer.from(text), parse, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(RequestRefusal);
    return error as RequestRefusal;
  }
  throw new Error('expected the body to be refused');
}

describe('JSON body limits', () => {
  describe('depth, read from the bytes before parsing', () => {
    it('counts objects and arrays alike, up to and past the limit', () => {
      expect(nestsDeeperThan(Buffer.from('{"a":[{"b":[]}]}'), 4)).toBe(false);
      expect(nestsDeeperThan(Buffer.from('{"a":[{"b":[[]]}]}'), 4)).toBe(true);
      expect(nestsDeeperThan(Buffer.from('[[],[],[],[]]'), 2)).toBe(false);
    });

    it('ignores brackets inside strings, escaped quotes included', () => {
      expect(nestsDeeperThan(Buffer.from('{"a":"[[[[{{{{"}'), 1)).toBe(false);
      expect(nestsDeeperThan(Buffer.from('{"a":"\\"[[[[\\\\","b":1}'), 1)).toBe(false);
      expect(nestsDeeperThan(Buffer.from('{"a\\"":"\\\\",  "b":[[]]}'), 2)).toBe(true);
    });

    it('refuses 20,000 levels as body.too_deep, and a 1 MB tower at a hundredth of the cost of parsing it', () => {
      expect(refusalOf('['.repeat(20_000) + ']'.repeat(20_000)).problem).toMatchObject({
        status: 400,
        code: 'body.too_deep',
      });
      const tower = Buffer.from('['.repeat(512 * 1024) + ']'.repeat(512 * 1024));
      let started = process.hrtime.bigint();
      JSON.parse(tower.toString());
      const parseNs = Number(process.hrtime.bigint() - started);
      started = process.hrtime.bigint();
      for (let i = 0; i < 100; i++) refusalOf(tower);
      const refusalNs = Number(process.hrtime.bigint() - started) / 100;
      // The scan stops at the 33rd bracket: microseconds, whatever the size, where JSON.parse builds the whole tower.
      expect(refusalNs * 100).toBeLessThan(parseNs);
    });

    it('takes 32 levels', () => {
      const nested = '{"a":'.repeat(32) + '1' + '}'.repeat(32);
      expect(parseJsonBody(Buffer.from(nested), parse)).toBeDefined();
    });
  });

  describe('width and length, on the parsed value, naming where', () => {
    const small = { maxDepth: 8, maxKeys: 3, maxArrayLength: 2, maxStringLength: 5 };

    it('refuses an object with too many keys, naming its path', () => {
      expect(findOversizedPart({ a: { b: [{ w: 1, x: 1, y: 1, z: 1 }] } }, small)).toMatchObject({
        code: 'body.too_many_keys',
        errors: [{ field: 'a.b.0', message: 'must have at most 3 keys' }],
      });
    });

    it('refuses a long array and a long string, naming them; the body itself is `body`', () => {
      expect(findOversizedPart({ ids: [1, 2, 3] }, small)).toMatchObject({
        code: 'body.array_too_long',
        errors: [{ field: 'ids', message: 'must have at most 2 items' }],
      });
      expect(findOversizedPart({ a: ['ok', 'too long'] }, small)).toMatchObject({
        code: 'body.string_too_long',
        errors: [{ field: 'a.1', message: 'must be at most 5 characters' }],
      });
      expect(findOversizedPart([1, 2, 3], small)?.errors).toEqual([
        { field: 'body', message: 'must have at most 2 items' },
      ]);
    });

    it('passes a body within every limit, e.g. a full 2,000-cell results grid', () => {
      const cells = Array.from({ length: 2000 }, (_, i) => ({ pupilId: `p${i}`, measureId: 'm', value: 'EXS' }));
      expect(findOversizedPart({ pointId: 'x', cells }, JSON_BODY_LIMITS)).toBeNull();
    });
  });

  it('answers malformed and empty JSON without quoting the body', () => {
    const malformed = refusalOf('{"login":"amira.khan@school.test",').problem;
    expect(malformed).toMatchObject({ code: 'body.malformed' });
    expect(JSON.stringify(malformed)).not.toContain('amira');
  });
});
