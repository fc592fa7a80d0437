/**
 * The gateway's vocabulary of field rules: class-validator decorators over the formats in
 * libs/contracts (field-formats.ts), so every DTO refuses a postcode, telephone number or
 * date with the same rule and the same message, and a client can check the same formats.
 */
import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDefined, Matches, ValidateIf, ValidateNested, ValidationOptions } from 'class-validator';
import {
  ACADEMIC_YEAR,
  AUDIT_ACTION,
  AUDIT_SUBJECT_ID,
  AUDIT_SUBJECT_TYPE,
  CTF_ESTABLISHMENT_NUMBER,
  CTF_LA_CODE,
  ESTABLISHMENT_NUMBER,
  FieldFormat,
  ISO_DATE,
  LA_CODE,
  POLICY_VERSION,
  ROLE_NAME,
  SCHOOL_POSTCODE,
  SCHOOL_TELEPHONE,
  TEACHER_REFERENCE_NUMBER,
  TELEPHONE,
  UK_POSTCODE,
  USERNAME,
} from '@pt/contracts';

/**
 * A decorator refusing text not of `format`, with its message ("each …" when the rule applies
 * to every element of an array). Built on `Matches`, so a non-string is refused the same way.
 */
function formatRule(format: FieldFormat) {
  return (options: ValidationOptions = {}): PropertyDecorator =>
    Matches(format.pattern, {
      ...options,
      message: options.message ?? (options.each ? `each ${format.message}` : format.message),
    });
}

export const IsIsoDate = formatRule(ISO_DATE);
export const IsAcademicYear = formatRule(ACADEMIC_YEAR);
export const IsUkPostcode = formatRule(UK_POSTCODE);
export const IsSchoolPostcode = formatRule(SCHOOL_POSTCODE);
export const IsTelephone = formatRule(TELEPHONE);
export const IsSchoolTelephone = formatRule(SCHOOL_TELEPHONE);
export const IsUsername = formatRule(USERNAME);
export const IsTeacherReferenceNumber = formatRule(TEACHER_REFERENCE_NUMBER);
export const IsRoleName = formatRule(ROLE_NAME);
export const IsLaCode = formatRule(LA_CODE);
export const IsEstablishmentNumber = formatRule(ESTABLISHMENT_NUMBER);
export const IsCtfLaCode = formatRule(CTF_LA_CODE);
export const IsCtfEstablishmentNumber = formatRule(CTF_ESTABLISHMENT_NUMBER);
export const IsPolicyVersion = formatRule(POLICY_VERSION);
export const IsAuditAction = formatRule(AUDIT_ACTION);
export const IsAuditSubjectType = formatRule(AUDIT_SUBJECT_TYPE);
export const IsAuditSubjectId = formatRule(AUDIT_SUBJECT_ID);

/** For PATCH: absent is "leave as it is", but null is refused for a field that must have a value. */
export const Present = (): PropertyDecorator => ValidateIf((_: unknown, value: unknown) => value !== undefined);

/**
 * A query-string boolean: "true" and "false" become booleans; anything else stays text and
 * is refused as "must be a boolean value" naming the parameter (never read as false).
 */
export function QueryBoolean(): PropertyDecorator {
  const toBoolean = Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value), {
    toClassOnly: true,
  });
  const isBoolean = IsBoolean();
  return (target, property) => {
    toBoolean(target, property);
    isBoolean(target, property);
  };
}

/**
 * A required nested object validated as its own DTO: missing, it is named as the field;
 * present, each of its fields is named under it (`address.postcode`).
 */
export const NestedObject = (dto: () => new (...args: never[]) => object) =>
  applyDecorators(IsDefined(), ValidateNested(), Type(dto));
