import { CursorSeal } from './sealed-cursor';

describe('sealed cursors: a keyset position that is personal data never shows in a URL', () => {
  const seal = new CursorSeal('a test key of enough length for the seal');
  const position = ["O'Brien", 'Chloë', '0193a0c2-7d1e-7000-8000-000000000001'];

  it('opens to the exact position it sealed, in the same context', () => {
    const cursor = seal.seal(position, 'school-a');
    expect(seal.open(cursor, 'school-a', 3)).toEqual(position);
  });

  it('carries no name in any form a log or a URL would show', () => {
    const cursor = seal.seal(position, 'school-a');
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const decoded = Buffer.from(cursor, 'base64url').toString('latin1');
    for (const text of [cursor, decoded]) {
      expect(text).not.toMatch(/Brien|Chlo|0193a0c2/i);
    }
    expect(Buffer.from(cursor, 'base64url').toString('utf8')).not.toContain('Brien');
    // Two cursors for the same position differ (a fresh nonce each), so equal names cannot be spotted.
    expect(seal.seal(position, 'school-a')).not.toBe(cursor);
  });

  it('refuses a cursor altered by one bit, made for another school, or under another key', () => {
    const cursor = seal.seal(position, 'school-a');
    const bytes = Buffer.from(cursor, 'base64url');
    bytes[bytes.length - 1] ^= 1;
    expect(seal.open(bytes.toString('base64url'), 'school-a', 3)).toBeNull();
    expect(seal.open(cursor, 'school-b', 3)).toBeNull();
    expect(new CursorSeal('another key, as after a rotation of it').open(cursor, 'school-a', 3)).toBeNull();
  });

  it('refuses what is not one of its cursors, including the old readable kind', () => {
    const readable = Buffer.from(JSON.stringify([JSON.stringify(['Khan', 'Amira']), position[2]])).toString(
      'base64url',
    );
    for (const bad of ['', 'not a cursor!', 'AAAA', readable]) expect(seal.open(bad, 'school-a', 3)).toBeNull();
    expect(seal.open(seal.seal(['only', 'two'], 'school-a'), 'school-a', 3)).toBeNull();
  });
});
