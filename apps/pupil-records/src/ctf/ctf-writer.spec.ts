import { CtfReader, CtfItem } from './ctf-parser';
import { ctfDocument, CtfPupilSource, escapeXml } from './ctf-writer';

const SCHOOL = { laCode: '873', establishmentNumber: '2001', name: 'Mill & Lane <Primary>' };

const pupil = (overrides: Partial<CtfPupilSource> = {}): CtfPupilSource => ({
  upn: 'B801200005001',
  legalForename: 'Zoë',
  legalSurname: `O'Neil & <Sons>`,
  middleNames: 'Ann "Jo"',
  preferredForename: null,
  preferredSurname: null,
  dateOfBirth: '2016-04-05',
  gender: 'F',
  ethnicity: 'WIRI',
  yearGroup: 'N',
  attendancePossible: 300,
  attendanceAttended: 290,
  senStatus: 'sen-support',
  senNeeds: ['SPLD', 'ASD'],
  inLaCare: true,
  entryDate: '2024-09-02',
  leavingDate: null,
  specialCategoryConsent: true,
  ...overrides,
});

async function parse(xml: string): Promise<CtfItem[]> {
  const items: CtfItem[] = [];
  for await (const item of new CtfReader([Buffer.from(xml)])) items.push(item);
  return items;
}

describe('CTF writer (P21, P22)', () => {
  it('escapes the five XML characters and drops characters XML 1.0 cannot carry', () => {
    expect(escapeXml(`a&b<c>d"e'f\u0001g`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;fg');
  });

  it('writes what the parser reads back unchanged, in the newest element names', async () => {
    const xml = ctfDocument([pupil()], SCHOOL, undefined, new Date('2026-11-25T10:00:00Z'));
    expect(xml).toContain('<CTFversion>26.0</CTFversion>');
    expect(xml).toContain('<Sex>F</Sex>');
    expect(xml).toContain('<NCyearActual>E2</NCyearActual>');
    const [header, read] = await parse(xml);
    expect(header).toEqual({
      kind: 'header',
      header: {
        version: '26.0',
        documentQualifier: 'partial',
        source: { lea: '873', estab: '2001', name: 'Mill & Lane <Primary>' },
        destination: { lea: 'MMM', estab: 'XXXX', name: null },
      },
    });
    expect(read).toMatchObject({
      kind: 'pupil',
      pupil: {
        upn: 'B801200005001',
        problems: [],
        fields: {
          legalForename: 'Zoë',
          legalSurname: `O'Neil & <Sons>`,
          middleNames: 'Ann "Jo"',
          dateOfBirth: '2016-04-05',
          gender: 'F',
          ethnicity: 'WIRI',
          yearGroup: 'N',
          senStatus: 'sen-support',
          senNeeds: ['SPLD', 'ASD'],
          inLaCare: true,
          everInCare: true,
          attendance: { possibleSessions: 300, attendedSessions: 290 },
        },
        schoolHistory: [{ lea: '873', estab: '2001', entryDate: '2024-09-02', leavingDate: null }],
      },
    });
  });

  it('P16: leaves SEN need types out without consent; never writes FSM spells it does not hold', async () => {
    const xml = ctfDocument([pupil({ specialCategoryConsent: false })], SCHOOL);
    expect(xml).not.toContain('SENneeds');
    expect(xml).not.toContain('FSMhistory');
    const [, read] = await parse(xml);
    expect(read.kind === 'pupil' && read.pupil.fields.senNeeds).toBeUndefined();
  });
});
