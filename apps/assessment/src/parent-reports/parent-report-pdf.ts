import { A4, PdfText, renderPdf, wrapText } from '@pt/platform';
import { DISCUSS_REPORT, REPORT_GLOSSARY, ReportContent } from './parent-report-content';

const MARGIN = 50;
const BOTTOM = 60;
/** Helvetica at 10 pt averages about 5 points a character: 495 points of column hold about 95. */
const CHARS_PER_LINE = 95;
const INDENTED_CHARS = 88;

/** Lays texts down the page, starting a new page when the next line would reach the bottom margin. */
class Pages {
  readonly pages: PdfText[][] = [[]];
  private y = A4.height - MARGIN;

  line(text: string, options: { size?: number; bold?: boolean; indent?: number; gapBefore?: number } = {}): void {
    const size = options.size ?? 10;
    this.y -= (options.gapBefore ?? 0) + size + 4;
    if (this.y < BOTTOM) {
      this.pages.push([]);
      this.y = A4.height - MARGIN - size;
    }
    this.pages.at(-1)!.push({ x: MARGIN + (options.indent ?? 0), y: this.y, size, bold: options.bold, text });
  }

  paragraph(text: string, indent = 0): void {
    for (const line of wrapText(text, indent ? INDENTED_CHARS : CHARS_PER_LINE)) this.line(line, { indent });
  }
}

/**
 * The parent report as a PDF: school, pupil and point; each measure's result in words with
 * its targets and on-track; attendance; the teacher's comment; how to discuss the report;
 * and a glossary. The same content always gives the same bytes.
 */
export function parentReportPdf(content: ReportContent): Buffer {
  const out = new Pages();
  out.line(content.schoolName, { size: 16, bold: true });
  out.line(`Report to parents and carers: ${content.pointName} ${content.academicYear}`, { size: 12, bold: true });
  out.line(`Pupil: ${content.pupilName}${content.yearGroup ? `, Year ${content.yearGroup}` : ''}`, { gapBefore: 6 });
  out.line(`Assessed on ${content.pointDate}; issued on ${content.issuedOn}`);

  out.line('Attainment', { size: 12, bold: true, gapBefore: 10 });
  if (!content.measures.length) out.paragraph('No results have been recorded at this point yet.');
  for (const m of content.measures) {
    out.line(`${m.name}: ${m.value}`, { bold: true, gapBefore: 4 });
    out.paragraph(m.inWords, 12);
    out.paragraph(`Targets: ${m.targets}`, 12);
    out.paragraph(m.onTrack, 12);
  }

  out.line('Attendance', { size: 12, bold: true, gapBefore: 10 });
  out.paragraph(content.attendance);

  out.line("Teacher's comment", { size: 12, bold: true, gapBefore: 10 });
  out.paragraph(content.teacherComment?.trim() ? content.teacherComment : 'No comment this time.');

  out.line('Discussing this report', { size: 12, bold: true, gapBefore: 10 });
  out.paragraph(DISCUSS_REPORT);

  out.line('Glossary', { size: 12, bold: true, gapBefore: 10 });
  for (const [term, meaning] of REPORT_GLOSSARY) out.paragraph(`${term}: ${meaning}`);

  return renderPdf(out.pages, `Report: ${content.pointName} ${content.academicYear}`, 'pupil-tracking assessment');
}
