import { listCountWords } from './list-count-words';

describe('a list’s count in words', () => {
  const entry = { one: 'entry', many: 'entries' };

  it('says how many rows show, in the right form, and whether more can be shown', () => {
    expect(listCountWords(1, entry, { filtered: false, more: false })).toBe('Showing 1 entry.');
    expect(listCountWords(50, entry, { filtered: true, more: true })).toBe('Showing 50 entries (more to show).');
  });

  it('tells an empty list from one whose filters match nothing', () => {
    expect(listCountWords(0, entry, { filtered: false, more: false })).toBe('No entries yet.');
    expect(listCountWords(0, entry, { filtered: true, more: false })).toBe('No entries match these filters.');
  });

  it('says what the page asks of an empty list instead, when it asks', () => {
    expect(listCountWords(0, entry, { filtered: true, more: false, empty: 'No requests to show.' })).toBe(
      'No requests to show.',
    );
  });
});
