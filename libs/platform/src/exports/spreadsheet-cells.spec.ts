import { csvCell, csvDocument, neutraliseFormula } from './spreadsheet-cells';

describe('spreadsheet cells: formula injection (OWASP CSV injection)', () => {
  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ["=cmd|' /C calc'!A0", `'=cmd|' /C calc'!A0`],
    ['@SUM(1+1)', "'@SUM(1+1)"],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['+44 20 7946 0000', "'+44 20 7946 0000"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['\uFF1DSUM(A1)', "'\uFF1DSUM(A1)"],
  ])('begins %j with a single quote, so a spreadsheet shows it as text', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it.each(['-12', '+3.5', '-0.25', '1e3', '-.5'])('leaves the plain number %j as it is (it runs nothing)', (value) => {
    expect(neutraliseFormula(value)).toBe(value);
    expect(csvCell(value)).toBe(value);
  });

  it('writes numbers and booleans as they are, and empty for null', () => {
    expect(csvCell(-42)).toBe('-42');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('quotes commas, quotes, line breaks and edge spaces, and leaves plain text alone', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(' padded')).toBe('" padded"');
    expect(csvCell('identity.user.created')).toBe('identity.user.created');
    expect(csvCell("O'Brien-Smith")).toBe("O'Brien-Smith");
  });

  it('writes a document with a header line and CRLF line ends, every cell neutralised', () => {
    const columns = [
      ['name', (row: { name: string; n: number }) => row.name],
      ['n', (row: { name: string; n: number }) => row.n],
    ] as const;
    expect(csvDocument(columns, [{ name: '=1+1', n: -1 }])).toBe("name,n\r\n'=1+1,-1\r\n");
  });
});
