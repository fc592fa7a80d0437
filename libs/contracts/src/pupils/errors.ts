/**
 * Error codes of pupil-records: its answers, and the `error.code` of a failed import
 * (PupilImportView), which a client reads the same way.
 */
export const PUPIL_RECORDS_ERRORS = {
  PUPIL_NOT_FOUND: 'pupil.not_found',
  UPN_TAKEN: 'pupil.upn_taken',
  PUPIL_RESTRICTED: 'pupil.restricted',
  PUPIL_ALREADY_RESTRICTED: 'pupil.already_restricted',
  PUPIL_NOT_RESTRICTED: 'pupil.not_restricted',
  /** P19: the user is limited to class groups the pupil is not in. */
  OUTSIDE_CLASS_GROUPS: 'pupil.outside_class_groups',
  /** P10: the school has not signed the data processing terms. */
  DATA_PROCESSING_NOT_SIGNED: 'school.data_processing_not_signed',
  SPECIAL_CATEGORY_CONSENT_REQUIRED: 'consent.special_category_required',
  PHOTO_CONSENT_REQUIRED: 'consent.photo_required',
  CLASS_GROUP_NOT_FOUND: 'class_group.not_found',
  CLASS_GROUP_NAME_TAKEN: 'class_group.name_taken',
  CLASS_GROUP_IN_USE: 'class_group.in_use',
  GUARDIAN_NOT_FOUND: 'guardian.not_found',
  GUARDIAN_HAS_STANDING_CONSENT: 'guardian.has_standing_consent',
  CONSENT_NOT_FOUND: 'consent.not_found',
  CONSENT_ALREADY_GIVEN: 'consent.already_given',
  CONSENT_ALREADY_WITHDRAWN: 'consent.already_withdrawn',
  HEALTH_NOTE_NOT_FOUND: 'health_note.not_found',
  PHOTO_NOT_FOUND: 'photo.not_found',
  PUPIL_IMPORT_NOT_FOUND: 'pupil_import.not_found',
  IMPORT_FAILED: 'import_failed',
  IMPORT_INTERRUPTED: 'interrupted',
  IMPORT_FILE_MISSING: 'file_missing',
  IMPORT_DESTINATION_MISMATCH: 'destination_mismatch',
  MALFORMED_CTF: 'malformed_ctf',
  MALFORMED_CSV: 'malformed_csv',
  CSV_MAPPING_MISMATCH: 'csv_mapping_mismatch',
  UPLOAD_CORRUPT: 'upload_corrupt',
} as const;

/**
 * The `code` of a warning in an import's report (PupilImportView): the import went ahead,
 * and a client may show or count these. Not errors, so not in ERROR_CATALOGUES.
 */
export const PUPIL_IMPORT_WARNINGS = {
  HEADER_MISSING: 'header_missing',
  CTF_VERSION_MISSING: 'ctf_version_missing',
  CTF_VERSION_UNKNOWN: 'ctf_version_unknown',
  DESTINATION_UNCHECKED: 'destination_unchecked',
  DESTINATION_MISMATCH: 'destination_mismatch',
  FIELD_SKIPPED: 'field_skipped',
  SEN_NEEDS_WITHOUT_CONSENT: 'sen_needs_without_consent',
} as const;
