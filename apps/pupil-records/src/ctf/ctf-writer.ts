import { SenStatus, YearGroup } from '@pt/contracts';
import { ctfVersionFor, encodeNcYear, encodeSenProvision } from './ctf-codes';

/** A school as the header and SchoolHistory name it. */
export interface CtfSchool {
  laCode: string;
  establishmentNumber: string;
  name?: string;
}

/** What the register can say about a pupil in a CTF (the columns of the pupil table). */
export interface CtfPupilSource {
  upn: string;
  legalForename: string;
  legalSurname: string;
  middleNames: string | null;
  preferredForename: string | null;
  preferredSurname: string | null;
  dateOfBirth: string;
  gender: string;
  ethnicity: string | null;
  yearGroup: string;
  attendancePossible: number | null;
  attendanceAttended: number | null;
  senStatus: string;
  senNeeds: string[] | null;
  inLaCare: boolean;
  entryDate: string | null;
  leavingDate: string | null;
  specialCategoryConsent: boolean;
}

/** Where a file goes when the destination is not known: the CTF guide's pseudo-codes. */
export const UNKNOWN_DESTINATION: CtfSchool = { laCode: 'MMM', establishmentNumber: 'XXXX' };

/** XML 1.0 allows tab, LF, CR and everything from U+0020 up (bar surrogates and U+FFFE/U+FFFF). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const element = (name: string, value: string | number) => `<${name}>${escapeXml(String(value))}</${name}>`;

/** CTF DateTime: yyyy-MM-ddTHH:mm:ss, no zone. */
const ctfDateTime = (date: Date) => date.toISOString().slice(0, 19);

/** The academic year a date falls in, by its starting year (September onwards is the new year). */
const academicYear = (date: Date) => (date.getUTCMonth() >= 8 ? date.getUTCFullYear() : date.getUTCFullYear() - 1);

/**
 * The opening of a CTF, strictly in the newest layout (../shared/reference/ctf.md §1.1):
 * CTFversion of the current academic year, `partial` (only the pupils chosen).
 */
export function ctfOpening(source: CtfSchool, destination: CtfSchool, now: Date): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>\n<CTfile>\n<Header>',
    element('DocumentName', 'Common Transfer File'),
    element('CTFversion', ctfVersionFor(now)),
    element('DateTime', ctfDateTime(now)),
    element('DocumentQualifier', 'partial'),
    element('SupplierID', 'Pupil tracking platform'),
    '<SourceSchool>',
    element('LEA', source.laCode),
    element('Estab', source.establishmentNumber),
    ...(source.name ? [element('SchoolName', source.name)] : []),
    element('AcademicYear', academicYear(now)),
    '</SourceSchool>',
    '<DestSchool>',
    element('LEA', destination.laCode),
    element('Estab', destination.establishmentNumber),
    '</DestSchool>',
    '</Header>\n<CTFpupilData>\n',
  ].join('');
}

export const CTF_CLOSING = '</CTFpupilData>\n</CTfile>\n';

/**
 * One pupil, in the element order DfE writers use. Only what the register holds is
 * written: FSM is kept as flags without the dated spells FSMhistory needs, and an
 * attendance summary has no year, so neither is made up; SEN need types only while the
 * special-category consent stands (P16).
 */
export function ctfPupil(pupil: CtfPupilSource, school: CtfSchool): string {
  const parts = [
    '<Pupil>',
    element('UPN', pupil.upn),
    element('Surname', pupil.legalSurname),
    element('Forename', pupil.legalForename),
    element('DOB', pupil.dateOfBirth),
    element('Sex', pupil.gender),
    '<BasicDetails>',
  ];
  if (pupil.preferredSurname) parts.push(element('PreferredSurname', pupil.preferredSurname));
  if (pupil.preferredForename) parts.push(element('PreferredForename', pupil.preferredForename));
  if (pupil.middleNames) parts.push(element('MiddleNames', pupil.middleNames));
  parts.push(element('NCyearActual', encodeNcYear(pupil.yearGroup as YearGroup)));
  if (pupil.ethnicity) parts.push(element('Ethnicity', pupil.ethnicity));
  parts.push('</BasicDetails>', '<LookedAfter>', element('InCare', String(pupil.inLaCare)), '</LookedAfter>');
  parts.push('<SENhistory><SEN>', element('SENprovision', encodeSenProvision(pupil.senStatus as SenStatus)));
  if (pupil.specialCategoryConsent && pupil.senNeeds?.length) {
    parts.push('<SENneeds>');
    pupil.senNeeds.forEach((type, index) =>
      parts.push('<SENneed>', element('SENtype', type), element('SENtypeRank', index + 1), '</SENneed>'),
    );
    parts.push('</SENneeds>');
  }
  parts.push('</SEN></SENhistory>');
  if (pupil.attendancePossible !== null && pupil.attendanceAttended !== null) {
    parts.push(
      '<Attendance><YearData>',
      element('LEA', school.laCode),
      element('Estab', school.establishmentNumber),
      element('SessionsPossible', pupil.attendancePossible),
      element('SessionsAttended', pupil.attendanceAttended),
      '</YearData></Attendance>',
    );
  }
  if (pupil.entryDate || pupil.leavingDate) {
    parts.push('<SchoolHistory><School>', element('LEA', school.laCode), element('Estab', school.establishmentNumber));
    if (school.name) parts.push(element('SchoolName', school.name));
    if (pupil.entryDate) parts.push(element('EntryDate', pupil.entryDate));
    if (pupil.leavingDate) parts.push(element('LeavingDate', pupil.leavingDate));
    parts.push('</School></SchoolHistory>');
  }
  parts.push('</Pupil>\n');
  return parts.join('');
}

/** A whole CTF for a few pupils, as one string (the subject-access export, a single pupil). */
export function ctfDocument(
  pupils: CtfPupilSource[],
  source: CtfSchool,
  destination: CtfSchool = UNKNOWN_DESTINATION,
  now = new Date(),
): string {
  return ctfOpening(source, destination, now) + pupils.map((p) => ctfPupil(p, source)).join('') + CTF_CLOSING;
}
