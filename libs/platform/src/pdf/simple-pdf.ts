/**
 * A minimal PDF 1.4 writer for the platform's documents (billing's invoices, assessment's
 * parent reports): A4 pages of text in the standard
 * Helvetica fonts (never embedded, so nothing is fetched or bundled), WinAnsi-encoded so
 * that £ prints, with content streams left uncompressed so that the text can be read back
 * (by the tests, and by the simplest finance tooling) exactly as written.
 */

export interface PdfText {
  x: number;
  y: number;
  size: number;
  bold?: boolean;
  text: string;
}

export const A4 = { width: 595, height: 842 };

/** WinAnsi (cp1252) bytes of the text: Latin-1 as is, £ included; other characters become '?'. */
function winAnsi(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code === 0x2013 || code === 0x2014) out += '-';
    else if (code === 0x2019) out += "'";
    else if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) out += char;
    else out += '?';
  }
  return out;
}

/** A PDF literal string: backslash, parentheses escaped; bytes above 127 as octal escapes (plain ASCII file). */
function literal(text: string): string {
  let out = '(';
  for (const char of winAnsi(text)) {
    const code = char.charCodeAt(0);
    if (char === '\\' || char === '(' || char === ')') out += `\\${char}`;
    else if (code > 0x7e) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += char;
  }
  return `${out})`;
}

/** The PDF of `pages`, each a list of texts placed from the bottom-left corner in points. */
export function renderPdf(pages: PdfText[][], title: string, producer = 'pupil-tracking'): Buffer {
  const objects: string[] = [];
  /** Adds an object; its number (from 1) is the new length. */
  const add = (body: string) => objects.push(body);
  const catalog = add('');
  const pagesRoot = add('');
  const regular = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const bold = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  const info = add(`<< /Title ${literal(title)} /Producer ${literal(producer)} >>`);
  const pageIds: number[] = [];
  for (const texts of pages) {
    const stream = texts
      .map((t) => `BT /${t.bold ? 'F2' : 'F1'} ${t.size} Tf ${t.x} ${t.y} Td ${literal(t.text)} Tj ET`)
      .join('\n');
    const content = add(`<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`);
    pageIds.push(
      add(
        `<< /Type /Page /Parent ${pagesRoot} 0 R /MediaBox [0 0 ${A4.width} ${A4.height}] ` +
          `/Resources << /Font << /F1 ${regular} 0 R /F2 ${bold} 0 R >> >> /Contents ${content} 0 R >>`,
      ),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesRoot} 0 R >>`;
  objects[pagesRoot - 1] =
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;

  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(pdf, 'latin1'));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/**
 * The text of a PDF written by `renderPdf`, one string per text object, in page order,
 * after checking its cross-reference table points at every object: what a reader shows.
 */
export function pdfText(pdf: Buffer): string[] {
  const source = pdf.toString('latin1');
  if (!source.startsWith('%PDF-1.')) throw new Error('not a PDF');
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(source)?.[1]);
  const table = /^xref\n0 (\d+)\n/.exec(source.slice(startxref));
  if (!table) throw new Error('no cross-reference table at startxref');
  const entries = source
    .slice(startxref + table[0].length)
    .split('\n')
    .slice(0, Number(table[1]));
  entries.slice(1).forEach((entry, i) => {
    const offset = Number(entry.slice(0, 10));
    if (!source.startsWith(`${i + 1} 0 obj\n`, offset)) throw new Error(`object ${i + 1} is not where the table says`);
  });
  const texts: string[] = [];
  for (const stream of source.matchAll(/stream\n([\s\S]*?)\nendstream/g)) {
    for (const match of stream[1].matchAll(/\(((?:\\.|[^\\)])*)\) Tj/g)) {
      texts.push(
        match[1].replace(/\\([0-7]{3}|.)/g, (_, escaped: string) =>
          escaped.length === 3 ? String.fromCharCode(parseInt(escaped, 8)) : escaped,
        ),
      );
    }
  }
  return texts;
}

/**
 * Breaks text into lines of at most `maxChars` characters at spaces (a word longer than a
 * line is cut), since the writer places each line itself. Helvetica at 10 pt averages about
 * 5 points a character, so an A4 text column of 495 points holds about 95.
 */
export function wrapText(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (let word of paragraph.split(/\s+/).filter(Boolean)) {
      while (word.length > maxChars) {
        if (line) lines.push(line);
        lines.push(word.slice(0, maxChars));
        word = word.slice(maxChars);
        line = '';
      }
      if (!line) line = word;
      else if (line.length + 1 + word.length <= maxChars) line += ` ${word}`;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines;
}
