import {
  ETHNICITY_CODES,
  FieldError,
  GENDERS,
  isUuid,
  normaliseUpn,
  PUPIL_FLAGS,
  PupilFields,
  SEN_NEED_TYPES,
  SEN_STATUSES,
  upnProblem,
  YEAR_GROUPS,
  YearGroup,
} from '@pt/contracts';
import { yearGroupAgeProblem } from './year-group-age';

/**
 * The rules of a pupil record (P14), shared by the form routes and the imports: each
 * field on its own (`checkPupilFields`) and the rules between fields (`crossFieldProblems`).
 * Messages name the rule, never the value (no personal data in errors).
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const NAME_MAX = 100;
// Letters of any script, marks, spaces, hyphens, apostrophes and full stops: what names hold.
const NAME = /^[\p{L}\p{M}][\p{L}\p{M} '’.-]*$/u;
export const MAX_SESSIONS = 1000;

export const REQUIRED_ON_CREATE = ['upn', 'legalForename', 'legalSurname', 'dateOfBirth', 'yearGroup'] as const;
const NAME_FIELDS = ['legalForename', 'legalSurname'] as const;
const OPTIONAL_NAME_FIELDS = ['middleNames', 'preferredForename', 'preferredSurname'] as const;
const OPTIONAL_DATES = ['entryDate', 'leavingDate'] as const;

export const PUPIL_FIELD_NAMES: readonly (keyof PupilFields)[] = [
  'upn',
  'legalForename',
  'legalSurname',
  'middleNames',
  'preferredForename',
  'preferredSurname',
  'dateOfBirth',
  'gender',
  'ethnicity',
  'yearGroup',
  'classGroupId',
  'attendance',
  'senStatus',
  'senNeeds',
  ...PUPIL_FLAGS,
  'entryDate',
  'leavingDate',
];

export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Days in the month as `new Date(Date.UTC(year, month, 0)).getUTCDate()` gives them (which reads
 * years 0-99 as 1900-1999), by arithmetic: an import checks several dates for each of 20,000 pupils.
 */
function daysInMonth(year: number, month: number): number {
  const y = year < 100 ? year + 1900 : year;
  if (month !== 2) return DAYS_IN_MONTH[month - 1];
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
}

/** The same fields with UPN and names normalised, and the problems of each field present. */
export interface CheckedFields {
  fields: Partial<PupilFields>;
  errors: FieldError[];
}

/**
 * Checks each field present in `input` (absent fields are left alone: an update or an
 * import changes only what it carries). With `creating`, the required fields must be there.
 */
export function checkPupilFields(input: Partial<Record<keyof PupilFields, unknown>>, creating: boolean): CheckedFields {
  const errors: FieldError[] = [];
  const fields: Partial<Record<keyof PupilFields, unknown>> = {};
  const fail = (field: string, message: string) => errors.push({ field, message });
  const missing = new Set<string>(
    creating ? REQUIRED_ON_CREATE.filter((key) => input[key] === undefined || input[key] === null) : [],
  );
  for (const key of missing) fail(key, 'is required');
  const has = (key: keyof PupilFields) => input[key] !== undefined && !missing.has(key);

  if (has('upn')) {
    if (typeof input.upn !== 'string') fail('upn', 'must be a text');
    else {
      const upn = normaliseUpn(input.upn);
      const problem = upnProblem(upn);
      if (problem === 'format')
        fail('upn', 'must be a UPN: a check letter followed by 12 digits (the last may be a letter)');
      else if (problem === 'check_letter') fail('upn', 'has a check letter that does not match the rest of the UPN');
      else fields.upn = upn;
    }
  }
  for (const key of NAME_FIELDS) {
    if (!has(key)) continue;
    const name = cleanName(input[key]);
    if (name === null) fail(key, `must be a name of 1 to ${NAME_MAX} letters`);
    else fields[key] = name;
  }
  for (const key of OPTIONAL_NAME_FIELDS) {
    if (!has(key)) continue;
    if (input[key] === null || input[key] === '') {
      fields[key] = null;
      continue;
    }
    const name = cleanName(input[key]);
    if (name === null) fail(key, `must be a name of 1 to ${NAME_MAX} letters, or null`);
    else fields[key] = name;
  }
  if (has('dateOfBirth')) {
    if (!isCalendarDate(input.dateOfBirth)) fail('dateOfBirth', 'must be a date (YYYY-MM-DD)');
    else fields.dateOfBirth = input.dateOfBirth;
  }
  if (has('gender')) oneOf('gender', input.gender, GENDERS, false);
  if (has('ethnicity')) oneOf('ethnicity', input.ethnicity, ETHNICITY_CODES, true);
  if (has('yearGroup')) oneOf('yearGroup', input.yearGroup, YEAR_GROUPS, false);
  if (has('senStatus')) oneOf('senStatus', input.senStatus, SEN_STATUSES, false);
  if (has('classGroupId')) {
    if (input.classGroupId === null || isUuid(input.classGroupId)) {
      fields.classGroupId = input.classGroupId === null ? null : input.classGroupId.toLowerCase();
    } else fail('classGroupId', 'must be a class group id (UUID) or null');
  }
  if (has('attendance')) checkAttendance(input.attendance);
  if (has('senNeeds')) checkSenNeeds(input.senNeeds);
  for (const flag of PUPIL_FLAGS) {
    if (!has(flag)) continue;
    if (typeof input[flag] !== 'boolean') fail(flag, 'must be true or false');
    else fields[flag] = input[flag];
  }
  for (const key of OPTIONAL_DATES) {
    if (!has(key)) continue;
    if (input[key] === null) fields[key] = null;
    else if (!isCalendarDate(input[key])) fail(key, 'must be a date (YYYY-MM-DD) or null');
    else fields[key] = input[key];
  }
  return { fields: fields as Partial<PupilFields>, errors };

  function oneOf(key: keyof PupilFields, value: unknown, allowed: readonly string[], nullable: boolean): void {
    if (nullable && value === null) fields[key] = null;
    else if (typeof value === 'string' && allowed.includes(value)) fields[key] = value;
    else fail(key, `must be one of ${allowed.join(', ')}${nullable ? ', or null' : ''}`);
  }

  function checkAttendance(value: unknown): void {
    if (value === null) {
      fields.attendance = null;
      return;
    }
    const attendance = value as { possibleSessions?: unknown; attendedSessions?: unknown } | undefined;
    if (typeof attendance !== 'object' || attendance === null || Array.isArray(attendance)) {
      fail('attendance', 'must be { possibleSessions, attendedSessions } or null');
      return;
    }
    const { possibleSessions, attendedSessions } = attendance;
    const count = (n: unknown) => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= MAX_SESSIONS;
    let ok = true;
    for (const [key, n] of [
      ['possibleSessions', possibleSessions],
      ['attendedSessions', attendedSessions],
    ] as const) {
      if (!count(n)) {
        fail(`attendance.${key}`, `must be a whole number from 0 to ${MAX_SESSIONS}`);
        ok = false;
      }
    }
    if (!ok) return;
    if ((attendedSessions as number) > (possibleSessions as number)) {
      fail('attendance.attendedSessions', 'must not be more than possibleSessions');
      return;
    }
    fields.attendance = { possibleSessions: possibleSessions as number, attendedSessions: attendedSessions as number };
  }

  function checkSenNeeds(value: unknown): void {
    if (value === null) {
      fields.senNeeds = null;
      return;
    }
    if (!Array.isArray(value) || value.length > SEN_NEED_TYPES.length) {
      fail('senNeeds', `must be a list of SEN need types (${SEN_NEED_TYPES.join(', ')}) or null`);
      return;
    }
    const bad = value.findIndex((v) => typeof v !== 'string' || !(SEN_NEED_TYPES as readonly string[]).includes(v));
    if (bad >= 0) {
      fail(`senNeeds.${bad}`, `must be one of ${SEN_NEED_TYPES.join(', ')}`);
      return;
    }
    const unique = [...new Set(value as string[])];
    fields.senNeeds = unique.length ? (unique as PupilFields['senNeeds']) : null;
  }
}

function cleanName(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const name = value.trim().replace(/\s+/g, ' ');
  return name.length >= 1 && name.length <= NAME_MAX && NAME.test(name) ? name : null;
}

/** The facts the rules between fields need (the record as it will be after the change). */
export interface PupilFacts {
  dateOfBirth: string;
  yearGroup: string;
  entryDate: string | null;
  leavingDate: string | null;
}

/**
 * Rules between fields, checked only when one of the fields they involve changes, so that
 * an unrelated edit of an imported record is not refused for an old inconsistency.
 */
export function crossFieldProblems(facts: PupilFacts, changed: ReadonlySet<string>, today: string): FieldError[] {
  const errors: FieldError[] = [];
  if (changed.has('dateOfBirth') || changed.has('yearGroup')) {
    if (facts.dateOfBirth > today) errors.push({ field: 'dateOfBirth', message: 'must not be in the future' });
    else {
      const problem = yearGroupAgeProblem(facts.dateOfBirth, facts.yearGroup as YearGroup, today);
      if (problem) errors.push({ field: 'dateOfBirth', message: problem });
    }
  }
  if (
    (changed.has('entryDate') || changed.has('dateOfBirth')) &&
    facts.entryDate !== null &&
    facts.entryDate < facts.dateOfBirth
  ) {
    errors.push({ field: 'entryDate', message: 'must not be before the date of birth' });
  }
  if (
    (changed.has('leavingDate') || changed.has('entryDate')) &&
    facts.leavingDate !== null &&
    facts.entryDate !== null &&
    facts.leavingDate < facts.entryDate
  ) {
    errors.push({ field: 'leavingDate', message: 'must not be before the entry date' });
  }
  return errors;
}
