import {
  FieldError,
  GUARDIAN_RELATIONSHIPS,
  GuardianAddress,
  GuardianFields,
  GuardianView,
  matchesFormat,
  TELEPHONE,
  UK_POSTCODE,
} from '@pt/contracts';
import { Guardian } from './guardian.entity';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_NAME = 100;

const FIELDS: (keyof GuardianFields)[] = [
  'title',
  'forename',
  'surname',
  'relationship',
  'parentalResponsibility',
  'email',
  'telephone',
  'address',
  'priority',
];

/**
 * Checks the fields present in `input` (all of them on create, the changed ones on update)
 * and names every bad one. The gateway's DTOs check first; this guards the bus.
 */
export function checkGuardianFields(input: Partial<GuardianFields>, creating: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const unknown = Object.keys(input).filter((key) => !FIELDS.includes(key as keyof GuardianFields));
  for (const field of unknown) errors.push({ field, message: 'is not an allowed field' });
  const text = (field: 'forename' | 'surname', required: boolean) => {
    const value = input[field];
    if (value === undefined && !required) return;
    if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_NAME) {
      errors.push({ field, message: `must be a non-empty text of at most ${MAX_NAME} characters` });
    }
  };
  text('forename', creating);
  text('surname', creating);
  if (input.title !== undefined && input.title !== null) {
    if (typeof input.title !== 'string' || input.title.length > 20) {
      errors.push({ field: 'title', message: 'must be a text of at most 20 characters' });
    }
  }
  if (input.relationship !== undefined || creating) {
    if (!GUARDIAN_RELATIONSHIPS.includes(input.relationship as never)) {
      errors.push({ field: 'relationship', message: `must be one of ${GUARDIAN_RELATIONSHIPS.join(', ')}` });
    }
  }
  if ((input.parentalResponsibility !== undefined || creating) && typeof input.parentalResponsibility !== 'boolean') {
    errors.push({ field: 'parentalResponsibility', message: 'must be true or false' });
  }
  if (input.email !== undefined && input.email !== null) {
    if (typeof input.email !== 'string' || input.email.length > 254 || !EMAIL.test(input.email)) {
      errors.push({ field: 'email', message: 'must be an email address' });
    }
  }
  if (input.telephone !== undefined && input.telephone !== null) {
    if (!matchesFormat(input.telephone, TELEPHONE)) {
      errors.push({ field: 'telephone', message: 'must be a telephone number' });
    }
  }
  if (input.address !== undefined && input.address !== null) errors.push(...checkAddress(input.address));
  if (input.priority !== undefined) {
    if (!Number.isInteger(input.priority) || input.priority < 1 || input.priority > 99) {
      errors.push({ field: 'priority', message: 'must be a whole number from 1 to 99' });
    }
  }
  return errors;
}

function checkAddress(address: GuardianAddress): FieldError[] {
  if (typeof address !== 'object') return [{ field: 'address', message: 'must be an object' }];
  const errors: FieldError[] = [];
  for (const field of ['line1', 'town'] as const) {
    const value = address[field];
    if (typeof value !== 'string' || value.trim() === '' || value.length > 200) {
      errors.push({ field: `address.${field}`, message: 'must be a non-empty text of at most 200 characters' });
    }
  }
  if (address.line2 !== undefined && address.line2 !== null) {
    if (typeof address.line2 !== 'string' || address.line2.length > 200) {
      errors.push({ field: 'address.line2', message: 'must be a text of at most 200 characters' });
    }
  }
  if (typeof address.postcode !== 'string' || !matchesFormat(address.postcode.trim(), UK_POSTCODE)) {
    errors.push({ field: 'address.postcode', message: 'must be a UK postcode' });
  }
  return errors;
}

/** Copies the given fields onto the row; returns the names of those that changed. */
export function applyGuardianFields(row: Guardian, input: Partial<GuardianFields>): string[] {
  const changed: string[] = [];
  const set = <K extends keyof Guardian>(field: string, key: K, value: Guardian[K]) => {
    if (row[key] !== value) {
      row[key] = value;
      if (!changed.includes(field)) changed.push(field);
    }
  };
  if (input.title !== undefined) set('title', 'title', input.title?.trim() || null);
  if (input.forename !== undefined) set('forename', 'forename', input.forename.trim());
  if (input.surname !== undefined) set('surname', 'surname', input.surname.trim());
  if (input.relationship !== undefined) set('relationship', 'relationship', input.relationship);
  if (input.parentalResponsibility !== undefined) {
    set('parentalResponsibility', 'parentalResponsibility', input.parentalResponsibility);
  }
  if (input.email !== undefined) set('email', 'email', input.email?.trim().toLowerCase() || null);
  if (input.telephone !== undefined) set('telephone', 'telephone', input.telephone?.trim() || null);
  if (input.address !== undefined) {
    const a = input.address;
    set('address', 'addressLine1', a ? a.line1.trim() : null);
    set('address', 'addressLine2', a ? a.line2?.trim() || null : null);
    set('address', 'addressTown', a ? a.town.trim() : null);
    set('address', 'addressPostcode', a ? normalisePostcode(a.postcode) : null);
  }
  if (input.priority !== undefined) set('priority', 'priority', input.priority);
  return changed;
}

/** `sw1a1aa` → `SW1A 1AA`. */
export function normalisePostcode(postcode: string): string {
  const compact = postcode.replace(/\s+/g, '').toUpperCase();
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

export function toGuardianView(row: Guardian): GuardianView {
  return {
    id: row.id,
    pupilId: row.pupilId,
    title: row.title,
    forename: row.forename,
    surname: row.surname,
    relationship: row.relationship as GuardianView['relationship'],
    parentalResponsibility: row.parentalResponsibility,
    email: row.email,
    telephone: row.telephone,
    address:
      row.addressLine1 && row.addressTown && row.addressPostcode
        ? { line1: row.addressLine1, line2: row.addressLine2, town: row.addressTown, postcode: row.addressPostcode }
        : null,
    priority: row.priority,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}
