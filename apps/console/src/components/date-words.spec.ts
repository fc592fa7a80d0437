import { momentInWords } from './date-words';

describe('console: a moment in words', () => {
  const at = '2026-12-07T14:05:09Z';
  const local = new Date(at);

  it('names the day, month, year and time, without seconds, for ops tables', () => {
    const words = momentInWords(at);
    expect(words).toContain(String(local.getFullYear()));
    expect(words).toContain('Dec');
    expect(words).not.toContain(':09');
  });

  it('adds seconds for delivery logs, where attempts seconds apart must be told apart', () => {
    expect(momentInWords(at, { seconds: true })).toContain(':09');
  });
});
