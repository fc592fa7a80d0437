import { canonicalJson, checkpointSignature, signatureMatches } from './entry-hash';

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
});
