import { pdfText } from '@pt/platform';
import { attendanceInWords, onTrackInWords, ReportContent, resultInWords } from './parent-report-content';
import { parentReportPdf } from './parent-report-pdf';

const gcse = {
  kind: 'grades' as const,
  grades: [
    { code: '4', label: 'Grade 4 (standard pass)', points: 4, band: 'expected' as const },
    { code: '3', label: 'Grade 3', points: 3, band: 'towards' as const },
  ],
  range: null,
};
const ks2 = { kind: 'range' as const, grades: [], range: { min: 80, max: 120, expected: 100, high: 110 } };
const line = { kind: 'straight-line' as const, baselinePointId: 'b', targetKind: 'minimum', tolerance: 2 };

describe('parent report content in words', () => {
  it('says a grade by its label and where it stands, and a score within its range', () => {
    expect(resultInWords(gcse, '4')).toBe('Grade 4 (standard pass), at the expected standard');
    expect(resultInWords(gcse, '3')).toBe('Grade 3, working towards the expected standard');
    expect(resultInWords(ks2, '112')).toBe(
      'A score of 112 on a scale of 80 to 120 (expected standard 100), above the expected standard',
    );
  });

  it('explains on-track with the figures behind it, or why it is not judged', () => {
    const verdict = {
      pupilId: 'p',
      value: '98',
      onTrack: true,
      rule: line,
      figures: {
        baselinePoints: 90,
        targetPoints: 108,
        progress: 0.5,
        expectedPoints: 99,
        actualPoints: 98,
        tolerance: 2,
      },
    };
    expect(onTrackInWords(line, verdict)).toBe(
      'On track: 98 points now, against 99 expected at this point on the way from 90 to the minimum target of 108 (allowing 2 below)',
    );
    expect(onTrackInWords(line, { pupilId: 'p', value: '98', onTrack: null, rule: line, missing: 'target' })).toBe(
      'Not judged yet: no target of the kind the school measures against is set',
    );
    expect(onTrackInWords(null, null)).toMatch(/^Not judged: the school has not chosen/);
  });

  it('gives attendance as a percentage of sessions, or says it is not recorded', () => {
    expect(attendanceInWords({ possibleSessions: 160, attendedSessions: 152, percentage: 95 })).toBe(
      '95% this year: 152 of 160 possible sessions (a session is a morning or an afternoon).',
    );
    expect(attendanceInWords(null)).toBe('Attendance is not recorded for this pupil yet.');
  });
});

describe('the parent report PDF', () => {
  const content: ReportContent = {
    schoolName: 'Hilltop Primary',
    pupilName: 'Ann Example',
    yearGroup: '6',
    academicYear: '2026/27',
    pointName: 'Autumn 2',
    pointDate: '2026-12-10',
    measures: [
      {
        name: 'KS2 Reading',
        value: '104',
        inWords: resultInWords(ks2, '104'),
        targets: 'minimum 108',
        onTrack: 'Not on track: below the expected standard',
      },
    ],
    attendance: attendanceInWords(null),
    teacherComment: 'Ann reads widely and explains her choices. '.repeat(4).trim(),
    issuedOn: '2026-12-12',
  };

  it('holds every part a report must have, read back from the PDF', () => {
    const text = pdfText(parentReportPdf(content)).join('\n');
    for (const part of [
      'Hilltop Primary',
      'Report to parents and carers: Autumn 2 2026/27',
      'Pupil: Ann Example, Year 6',
      'KS2 Reading: 104',
      'A score of 104 on a scale of 80 to 120 (expected standard 100), at the expected standard',
      'Targets: minimum 108',
      'Attendance is not recorded for this pupil yet.',
      "Teacher's comment",
      'Discussing this report',
      'Glossary',
      'On track: Whether the result now is where it needs to be',
    ]) {
      expect(text).toContain(part);
    }
    // The long comment is wrapped onto lines, none wider than the column.
    expect(pdfText(parentReportPdf(content)).every((l) => l.length <= 95)).toBe(true);
  });

  it('runs onto further pages when the measures do not fit on one', () => {
    const many = {
      ...content,
      measures: Array.from({ length: 20 }, (_, i) => ({ ...content.measures[0], name: `M${i}` })),
    };
    const pdf = parentReportPdf(many).toString('latin1');
    expect(Number(/\/Count (\d+)/.exec(pdf)![1])).toBeGreaterThan(1);
    expect(pdfText(parentReportPdf(many)).join('\n')).toContain('M19: 104');
  });
});
