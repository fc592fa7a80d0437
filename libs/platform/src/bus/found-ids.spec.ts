import { MAX_FIND_IDS } from '@pt/contracts';
import { randomUUID } from 'node:crypto';
import { idsToFind } from './found-ids';

describe('the ids a FindIdsRequest asks about', () => {
  it('keeps distinct UUIDs only (anything else cannot be found), lower-cased', () => {
    const id = randomUUID();
    expect(idsToFind({ ids: [id, id.toUpperCase(), 'nope', 42 as unknown as string] })).toEqual([id]);
  });

  it('refuses a request that is not a list, or is longer than MAX_FIND_IDS, naming ids', () => {
    expect(() => idsToFind({} as never)).toThrow(
      expect.objectContaining({ body: expect.objectContaining({ kind: 'validation' }) }),
    );
    const tooMany = Array.from({ length: MAX_FIND_IDS + 1 }, () => randomUUID());
    expect(() => idsToFind({ ids: tooMany })).toThrow(
      expect.objectContaining({
        body: expect.objectContaining({ errors: [expect.objectContaining({ field: 'ids' })] }),
      }),
    );
  });
});
