import { outcomeOf, WriteLoad } from './write-load';
import { Reply } from './gateway-client';

const reply = (status: number, code?: string) =>
  ({ status, body: code ? { code } : {}, headers: new Headers({ 'content-type': 'application/json' }) }) as Reply;

describe('the fault suites’ write ledger', () => {
  it('reads 2xx as acknowledged, 504 and no answer as unknown, every other status as refused', () => {
    expect([201, 204, 504, null, 503, 500, 400, 409].map(outcomeOf)).toEqual([
      'acknowledged',
      'acknowledged',
      'unknown',
      'unknown',
      'refused',
      'refused',
      'refused',
      'refused',
    ]);
  });

  it('counts acknowledged writes missing as lost, refused ones present as ghosts, and anything applied twice or never sent', async () => {
    const answers: Record<string, () => Promise<Reply>> = {
      a: async () => reply(201),
      b: async () => reply(201),
      c: async () => reply(503, 'service.unavailable'),
      d: async () => reply(504, 'service.timeout'),
      e: async () => {
        throw new TypeError('fetch failed');
      },
    };
    const keys = Object.keys(answers);
    let next = 0;
    const load = WriteLoad.start({
      writers: 1,
      nextKey: () => keys[next++] ?? `z${next}`,
      write: (key) => (answers[key] ?? (() => reply(400)))(),
    });
    // One writer sends the keys in order: once a key after the last listed is answered, all of them are.
    while (!load.records.some((record) => record.key.startsWith('z'))) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await load.stop();
    const tally = load.tally(
      new Map([
        ['a', 1],
        ['c', 1],
        ['d', 1],
        ['b', 0],
        ['e', 2],
        ['stray', 1],
      ]),
    );
    expect(tally).toMatchObject({
      lost: ['b'],
      ghosts: ['c'],
      duplicates: ['e'],
      strangers: ['stray'],
      unknownApplied: 2,
      acknowledged: 2,
      unknown: 2,
    });
    expect(tally.statuses).toMatchObject({ 201: 2, 503: 1, 504: 1, none: 1 });
    expect(tally.refused).toBe(1 + (tally.statuses['400'] ?? 0));
  });
});
