import { createHash } from 'node:crypto';
import {
  canonicalJson,
  checkpointSignature,
  entryHash,
  HashedEntryContent,
  hashedContent,
  signatureMatches,
} from './entry-hash';

describe('P24: canonical content of hashed entries and signed checkpoints', () => {
  it('sorts keys at every depth, so jsonb key order cannot change a hash', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: true, e: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[2,{"e":null,"f":true}]},"b":1}',
    );
  });

  it('accepts a checkpoint signed with the key and refuses one changed or signed with another key', () => {
    const checkpoint = { chain: 'platform', tenantId: null, sequence: 7, hash: 'ab'.repeat(32), createdAt: new Date() };
    const signature = checkpointSignature('key-one', checkpoint);
    expect(signatureMatches('key-one', checkpoint, signature)).toBe(true);
    expect(signatureMatches('key-two', checkpoint, signature)).toBe(false);
    expect(signatureMatches('key-one', { ...checkpoint, sequence: 6 }, signature)).toBe(false);
  });

  it('hashes an entry as SHA-256 of the canonical JSON of its content, with null, nested and absent values', () => {
    const base: HashedEntryContent = {
      id: '01a21046-be4a-7080-805b-3a3b69dac91a',
      chain: 'platform',
      sequence: 42,
      eventId: '7d9f1c2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f',
      tenantId: null,
      actorId: 'not-a-uuid "quoted"',
      actorKind: 'staff',
      supportGrantId: null,
      action: 'identity.user.updated',
      subjectType: 'user',
      subjectId: null,
      requestId: 'req-1',
      ip: '10.0.0.1',
      occurredAt: new Date('2026-11-25T01:02:03.456Z'),
      detail: { z: [1, { b: 2, a: null }], a: 'é' },
      prevHash: '0'.repeat(64),
    };
    // A reference written independently of the module: JSON.stringify, keys sorted at every depth.
    const reference = (value: unknown): string => {
      if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
      if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${reference(record[k])}`).join(',')}}`;
    };
    const generic = (entry: HashedEntryContent) =>
      createHash('sha256')
        .update(reference(hashedContent(entry)))
        .digest('hex');
    expect(entryHash(base)).toBe(generic(base));
    const withAbsent = { ...base, ip: undefined as unknown as string | null };
    expect(entryHash({ ...base, occurredAt: '2026-11-25T01:02:03.456Z' })).toBe(generic(base));
    expect(entryHash(withAbsent)).toBe(generic(withAbsent));
    expect(entryHash({ ...base, sequence: 43 })).not.toBe(entryHash(base));
    // Strings JSON must escape take the escaping path: quotes, backslashes, control and non-ASCII characters.
    for (const odd of ['say "hi"', 'back\\slash', 'tab\there', 'line\nbreak', 'del\u007f', 'snow ☃', '']) {
      const entry = { ...base, actorId: odd, detail: { [odd]: [odd, 1.5, true, null] } };
      expect(entryHash(entry)).toBe(generic(entry));
      expect(canonicalJson(odd)).toBe(JSON.stringify(odd));
    }
  });
});
