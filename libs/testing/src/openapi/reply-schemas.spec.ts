import { readFileSync } from 'node:fs';
import { renderReplySchemasModule, REPLY_SCHEMAS_MODULE, toOpenApi30 } from './reply-schemas-generator';

describe('the reply schemas the API document is built from', () => {
  it('are those the contracts’ types give today (run `npm run generate:reply-schemas` after changing a view)', async () => {
    const committed = readFileSync(REPLY_SCHEMAS_MODULE, 'utf8');
    const generated = await renderReplySchemasModule();
    // Compared whole, but reported as a short message: the file is long.
    if (generated !== committed) {
      throw new Error(
        'libs/contracts/src/reply-schemas.ts differs from the contracts’ reply types: run `npm run generate:reply-schemas`',
      );
    }
  }, 120_000);

  describe('JSON Schema to OpenAPI 3.0', () => {
    it('turns null in a type list, an anyOf or an enum into nullable', () => {
      expect(toOpenApi30({ type: ['string', 'null'] })).toEqual({ type: 'string', nullable: true });
      expect(toOpenApi30({ anyOf: [{ type: 'string', enum: ['a', 'b'] }, { type: 'null' }] })).toEqual({
        type: 'string',
        enum: ['a', 'b'],
        nullable: true,
      });
      expect(toOpenApi30({ type: 'string', enum: ['a', null] })).toEqual({
        type: 'string',
        enum: ['a'],
        nullable: true,
      });
    });

    it('keeps a nullable named type a union with null, whatever type it names', () => {
      expect(toOpenApi30({ anyOf: [{ $ref: '#/definitions/Band' }, { type: 'null' }] })).toEqual({
        anyOf: [{ $ref: '#/components/schemas/Band' }, { type: 'string', nullable: true, enum: [null] }],
      });
    });

    it('writes a field that is always null as a nullable type whose only value is null', () => {
      expect(toOpenApi30({ properties: { onTrack: { type: 'null' } } })).toEqual({
        properties: { onTrack: { type: 'string', nullable: true, enum: [null] } },
      });
    });

    it('turns const into a one-value enum and points references at the components', () => {
      expect(
        toOpenApi30({ properties: { kind: { type: 'string', const: 'linear' }, at: { $ref: '#/definitions/Day' } } }),
      ).toEqual({
        properties: { kind: { type: 'string', enum: ['linear'] }, at: { $ref: '#/components/schemas/Day' } },
      });
    });

    it('refuses a type list OpenAPI 3.0 cannot say', () => {
      expect(() => toOpenApi30({ type: ['string', 'number'] })).toThrow(/no OpenAPI 3.0 form/);
    });
  });
});
