import { isTemporaryUpn, isValidUpn, normaliseUpn, upnCheckLetter, upnProblem } from './upn';

describe('UPN check letter (P14)', () => {
  it.each(['B801200005001', 'R674123101121', 'H801200001001', 'P207000016049'])('accepts %s', (upn) => {
    expect(upnProblem(upn)).toBeNull();
  });

  it('accepts a temporary UPN whose final letter counts by its place in the alphabet', () => {
    expect(isValidUpn('M80120000500A')).toBe(true);
    expect(isTemporaryUpn('M80120000500A')).toBe(true);
  });

  it('rejects a wrong check letter, including the corrected UPN published with a miscount', () => {
    expect(upnProblem('A801200005001')).toBe('check_letter');
    expect(upnProblem('Q207000016049')).toBe('check_letter');
  });

  it('rejects wrong shapes and the letters I, O and S that the standard never uses', () => {
    for (const upn of [
      'B80120000500',
      'B8012000050011',
      'I801200005001',
      'B80120000500O',
      '1801200005001',
      'B8012X0005001',
    ]) {
      expect(upnProblem(upn)).toBe('format');
    }
  });

  it('computes the letter from the twelve characters after it', () => {
    expect(upnCheckLetter('801200005001')).toBe('B');
  });

  it('normalises spacing and case before checking', () => {
    expect(normaliseUpn(' b801 2000 05001 ')).toBe('B801200005001');
  });
});
