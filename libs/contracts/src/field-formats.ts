/**
 * The shapes of the text fields requests carry, each with the message a refusal names the
 * field with. Written once here because the gateway's request validation and a web client's
 * forms must accept exactly the same values and say the same thing when they do not.
 * Pure regexes: this library imports nothing.
 */
export interface FieldFormat {
  readonly pattern: RegExp;
  /** What the field must be, without the field's name ("must be a UK postcode"). */
  readonly message: string;
}

/** A calendar date as the API writes it: YYYY-MM-DD (whether the day exists is checked where it matters). */
export const ISO_DATE: FieldFormat = { pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'must be a date (YYYY-MM-DD)' };

/** An academic year as schools write it: `2026/27` (whether the two years follow is checked where it matters). */
export const ACADEMIC_YEAR: FieldFormat = { pattern: /^\d{4}\/\d{2}$/, message: 'must be an academic year (YYYY/YY)' };

/** A UK postcode with at most one space, upper or lower case (a guardian's address). */
export const UK_POSTCODE: FieldFormat = {
  pattern: /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i,
  message: 'must be a UK postcode',
};

/** A school's postcode, loosely (the Royal Mail format, any spacing), upper or lower case. */
export const SCHOOL_POSTCODE: FieldFormat = {
  pattern: /^[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}$/,
  message: 'must be a UK postcode',
};

/** A person's telephone number: digits with spaces, brackets and hyphens, an optional leading +. */
export const TELEPHONE: FieldFormat = { pattern: /^\+?[0-9][0-9 ()-]{5,24}$/, message: 'must be a telephone number' };

/** A school contact's telephone number (7-20 characters, as schools were first registered with). */
export const SCHOOL_TELEPHONE: FieldFormat = { pattern: /^\+?[0-9 ()-]{7,20}$/, message: 'must be a telephone number' };

/** No "@": a username can then never equal someone's email, as sign-in accepts either. */
export const USERNAME: FieldFormat = {
  pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/,
  message: 'must be 3-64 letters, digits, dots, hyphens or underscores',
};

/** DfE teacher reference number. */
export const TEACHER_REFERENCE_NUMBER: FieldFormat = { pattern: /^\d{7}$/, message: 'must be 7 digits' };

/** A built-in or custom school role. */
export const ROLE_NAME: FieldFormat = { pattern: /^[a-z][a-z0-9-]{1,49}$/, message: 'must be a role name' };

/** A school's DfE local authority code. */
export const LA_CODE: FieldFormat = { pattern: /^\d{3}$/, message: 'must be 3 digits' };

/** A school's DfE establishment number. */
export const ESTABLISHMENT_NUMBER: FieldFormat = { pattern: /^\d{4}$/, message: 'must be 4 digits' };

/** A CTF's destination LA: a real one, or MMM when the next school is not known. */
export const CTF_LA_CODE: FieldFormat = { pattern: /^(\d{3}|MMM)$/, message: 'must be a 3-digit LA number' };

/** A CTF's destination establishment: a real one, or XXXX when the next school is not known. */
export const CTF_ESTABLISHMENT_NUMBER: FieldFormat = {
  pattern: /^(\d{4}|XXXX)$/,
  message: 'must be a 4-digit establishment number',
};

/** The version label of a published policy document ("2026-09"). */
export const POLICY_VERSION: FieldFormat = {
  pattern: /^[A-Za-z0-9._-]{1,40}$/,
  message: 'must be 1-40 letters, digits, dots, dashes or underscores',
};

/** An audit action, or a prefix of one ending at a dot. */
export const AUDIT_ACTION: FieldFormat = {
  pattern: /^[a-z0-9][a-z0-9.-]{0,127}$/,
  message: 'must be an action such as identity.user.created',
};

/** The kind of thing an audit entry is about. */
export const AUDIT_SUBJECT_TYPE: FieldFormat = {
  pattern: /^[a-z][a-z0-9-]{0,63}$/,
  message: 'must be a subject type such as user',
};

/** The id of what an audit entry is about (ids and codes only: the log holds nothing else). */
export const AUDIT_SUBJECT_ID: FieldFormat = { pattern: /^[a-z0-9_.:-]{1,64}$/i, message: 'must be an id' };

/** Whether a value is text of the given format. */
export function matchesFormat(value: unknown, format: FieldFormat): value is string {
  return typeof value === 'string' && format.pattern.test(value);
}
