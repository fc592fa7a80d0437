import { pdfText, renderPdf, wrapText } from './simple-pdf';

describe('the platform PDF writer', () => {
  it('reads back every text it wrote, page by page, with £ and escapes intact', () => {
    const pdf = renderPdf(
      [
        [{ x: 50, y: 800, size: 12, bold: true, text: 'Report (autumn) £12 \\ done' }],
        [{ x: 50, y: 800, size: 10, text: 'Second page – en dash' }],
      ],
      'Title',
      'pupil-tracking assessment',
    );
    expect(pdfText(pdf)).toEqual(['Report (autumn) £12 \\ done', 'Second page - en dash']);
    expect(pdf.toString('latin1')).toContain('/Producer (pupil-tracking assessment)');
  });

  it('renders the same pages to the same bytes', () => {
    const pages = [[{ x: 50, y: 800, size: 10, text: 'Same' }]];
    expect(renderPdf(pages, 'T').equals(renderPdf(pages, 'T'))).toBe(true);
  });

  it('wraps text at spaces within the width, cutting only a word longer than a line, keeping paragraphs', () => {
    expect(wrapText('The quick brown fox jumps', 10)).toEqual(['The quick', 'brown fox', 'jumps']);
    expect(wrapText('abcdefghijkl mn', 5)).toEqual(['abcde', 'fghij', 'kl mn']);
    expect(wrapText('one\ntwo', 20)).toEqual(['one', 'two']);
  });
});
