import { PupilFields } from '@pt/contracts';
import { ImportedPupilFields, ImportProblem } from '../ctf/ctf-parser';
import { CheckedFields, checkPupilFields, crossFieldProblems, PupilFacts } from '../pupils/pupil-fields';

/** A new pupil cannot be created without these (the register's required fields besides the UPN). */
const REQUIRED_FOR_NEW: (keyof ImportedPupilFields)[] = ['legalForename', 'legalSurname', 'dateOfBirth', 'yearGroup'];

/** The stored facts the rules between fields compare an update with. */
export type StoredFacts = PupilFacts;

export type ImportedPupilCheck = { ok: true; fields: ImportedPupilFields } | ({ ok: false } & ImportProblem);

/**
 * The rules of each field on its own (`checkPupilFields`, the API's), which need nothing
 * stored: the importer runs them on a batch while the batch before it is being written,
 * and hands the result to `checkImportedPupil` inside the batch's transaction.
 */
export function checkImportedFields(fields: ImportedPupilFields): CheckedFields {
  return checkPupilFields(fields as Partial<PupilFields>, false);
}

/**
 * An imported row through the same rules as `POST /pupils` and `PATCH /pupils/{id}`: every
 * field the file carries through `checkPupilFields` (names of letters only, so a
 * `=HYPERLINK(…)` or `@SUM(1+1)` is refused as the API refuses it; dates; codes; attendance
 * within its bounds), then the rules between fields (`crossFieldProblems`) against the
 * record as it will be, checked only when a field they involve changes, as an API update
 * is. The first problem refuses the row, naming the field and the rule, never the value.
 * `fieldCheck` is `checkImportedFields(fields)` when the caller ran it already; the rules
 * and their order are the same either way (a missing field for a new pupil is reported first).
 * On success the fields come back normalised as the API stores them.
 */
export function checkImportedPupil(
  fields: ImportedPupilFields,
  stored: StoredFacts | null,
  today: string,
  fieldCheck?: CheckedFields,
): ImportedPupilCheck {
  if (!stored) {
    const missing = REQUIRED_FOR_NEW.filter((field) => fields[field] === undefined);
    if (missing.length) {
      return {
        ok: false,
        field: missing[0],
        reason: `not on the register and the file lacks ${missing.join(', ')} to create it`,
      };
    }
  }
  const checked = fieldCheck ?? checkImportedFields(fields);
  if (checked.errors.length) {
    const [{ field, message }] = checked.errors;
    return { ok: false, field, reason: message };
  }
  const normalised = checked.fields as ImportedPupilFields;
  const facts = factsOf(normalised, stored);
  const changed = new Set(
    (Object.keys(facts) as (keyof PupilFacts)[]).filter(
      (key) => normalised[key] !== undefined && (!stored || stored[key] !== facts[key]),
    ),
  );
  const [problem] = crossFieldProblems(facts, changed, today);
  if (problem) return { ok: false, field: problem.field, reason: problem.message };
  return { ok: true, fields: normalised };
}

function factsOf(fields: ImportedPupilFields, stored: StoredFacts | null): PupilFacts {
  const pick = <K extends keyof PupilFacts>(key: K): PupilFacts[K] =>
    (fields[key] !== undefined ? fields[key] : (stored?.[key] ?? null)) as PupilFacts[K];
  return {
    dateOfBirth: pick('dateOfBirth'),
    yearGroup: pick('yearGroup'),
    entryDate: pick('entryDate'),
    leavingDate: pick('leavingDate'),
  };
}
