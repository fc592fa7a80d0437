import { ImportedPupilFields, ImportProblem, ImportRecord } from '../ctf/ctf-parser';
import { newPupilCopyLine } from './imported-columns';
import { checkImportedPupil, ImportedPupilCheck } from './imported-pupil-rules';

export interface SchoolNumbers {
  laCode: string;
  establishmentNumber: string;
}

/** The rules for a row as a new pupil, and what a new pupil's insert needs when they pass. */
export type NewPupilCheck =
  | {
      ok: true;
      /**
       * The normalised fields with the UPN, without SEN needs (a new pupil has no special-category
       * consent, P16), as the insert's COPY line but for the id (imported-columns.ts).
       */
      copyLine: string;
      /** The file carried SEN needs (dropped, with a warning). */
      senNeeds: boolean;
    }
  | ({ ok: false } & ImportProblem);

/**
 * An import row as read, with everything that needs nothing stored worked out: the school's
 * spell applied, the API's rules for the row as a new pupil (most rows of an import are),
 * and the insert's COPY line. It is made where the file is parsed (the CTF parsing thread),
 * so the thread that writes handles a few strings per row rather than the record's objects:
 * cloning those between threads, the rules and the JSON were half of that thread's CPU.
 */
export interface PreparedRow {
  /** 1-based position in the file. */
  position: number;
  upn: string | null;
  /** Why the row is refused as read (invalid UPN, no year group, …); null when it can be imported. */
  problem: ImportProblem | null;
  /** Fields skipped because their value could not be read. */
  warnings: string[];
  /** The fields as read (after the school's spell), as JSON: read again only for a pupil already on the register. */
  fields: string;
  /** The rules as a new pupil on `today` (null for a row refused as read). */
  asNew: { today: string; check: NewPupilCheck } | null;
}

export const todayOf = (): string => new Date().toISOString().slice(0, 10);

/** The entry (and leaving) date at this school, when the file's school history has a spell here; never another school's. */
export function withSchoolSpell(record: ImportRecord, school: SchoolNumbers | null): ImportRecord {
  if (!school || record.schoolHistory.length === 0) return record;
  const here = record.schoolHistory.filter(
    (s) => s.lea === school.laCode && Number(s.estab) === Number(school.establishmentNumber),
  );
  const spell = here[here.length - 1];
  if (spell?.entryDate) record.fields.entryDate = spell.entryDate;
  if (spell?.leavingDate) record.fields.leavingDate = spell.leavingDate;
  return record;
}

export function prepareRow(record: ImportRecord, school: SchoolNumbers | null, today: string): PreparedRow {
  withSchoolSpell(record, school);
  const problem = record.problems[0] ?? null;
  return {
    position: record.position,
    upn: record.upn,
    problem: problem && { field: problem.field, reason: problem.reason },
    warnings: record.warnings,
    fields: JSON.stringify(record.fields),
    asNew: problem
      ? null
      : { today, check: newPupilCheck(record.upn!, checkImportedPupil(record.fields, null, today)) },
  };
}

/** A new pupil's check as the insert needs it, from the rules' answer. */
export function newPupilCheck(upn: string, checked: ImportedPupilCheck): NewPupilCheck {
  if (!checked.ok) return { ok: false, field: checked.field, reason: checked.reason };
  const { senNeeds, ...rest } = checked.fields;
  return { ok: true, copyLine: newPupilCopyLine(upn, rest), senNeeds: senNeeds !== undefined };
}

/** The fields of a prepared row, as read. */
export function fieldsOf(row: PreparedRow): ImportedPupilFields {
  return JSON.parse(row.fields) as ImportedPupilFields;
}
