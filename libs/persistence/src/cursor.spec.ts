import { decodeCursor, encodeCursor, pageOf } from './cursor';

describe('keyset cursors', () => {
  it('round-trips a position', () => {
    const cursor = encodeCursor({ key: '2026-11-24T10:00:00.000Z', id: 'a' });
    expect(decodeCursor(cursor)).toEqual({ key: '2026-11-24T10:00:00.000Z', id: 'a' });
  });

  it('rejects what is not one of its cursors', () => {
    expect(decodeCursor('not-a-cursor')).toBeNull();
    expect(decodeCursor(Buffer.from('{"a":1}').toString('base64url'))).toBeNull();
  });

  it('gives a next cursor only when there is another page', () => {
    const rows = [1, 2, 3].map((n) => ({ id: `r${n}`, n }));
    expect(pageOf(rows, 3, (r) => ({ key: r.n, id: r.id })).nextCursor).toBeNull();
    const page = pageOf(rows, 2, (r) => ({ key: r.n, id: r.id }));
    expect(page.items).toHaveLength(2);
    expect(decodeCursor(page.nextCursor!)).toEqual({ key: 2, id: 'r2' });
  });
});
