/** Error codes of the audit service (the log, breaches, the rights register and its exports). */
export const AUDIT_ERRORS = {
  AUDIT_PLATFORM_ONLY: 'audit.platform_only',
  BREACH_NOT_FOUND: 'breach.not_found',
  RIGHTS_REQUEST_NOT_FOUND: 'rights_request.not_found',
  RIGHTS_REQUEST_PERSON_NOT_FOUND: 'rights_request.person_not_found',
  RIGHTS_REQUEST_COMPLETED: 'rights_request.completed',
  RIGHTS_REQUEST_ALREADY_COMPLETED: 'rights_request.already_completed',
  RIGHTS_REQUEST_ALREADY_EXTENDED: 'rights_request.already_extended',
  RIGHTS_REQUEST_EXTENSION_TOO_LATE: 'rights_request.extension_too_late',
  RIGHTS_REQUEST_IDENTITY_CHECK_REQUIRED: 'rights_request.identity_check_required',
  RIGHTS_REQUEST_IDENTITY_ALREADY_CHECKED: 'rights_request.identity_already_checked',
  RIGHTS_REQUEST_ACTION_ALREADY_DONE: 'rights_request.action_already_done',
  RIGHTS_REQUEST_NO_OPERATION: 'rights_request.no_operation',
  RIGHTS_REQUEST_NOT_EXPORTABLE: 'rights_request.not_exportable',
  RIGHTS_EXPORT_FILE_MISSING: 'rights_export.file_missing',
  RIGHTS_EXPORT_SERVICE_UNAVAILABLE: 'rights_export.service_unavailable',
  RIGHTS_DOWNLOAD_NOT_FOUND: 'rights_download.not_found',
} as const;
