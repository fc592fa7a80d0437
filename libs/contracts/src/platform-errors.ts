/**
 * Error codes every service can answer with: raised by libs/platform (the bus, the access
 * guard, the ORM error mapping) or by any service for the same reason. A client switches on
 * `code`, never on the message. Each service's own codes are in its errors.ts beside its
 * contracts; ERROR_CATALOGUES (error-catalogues.ts) lists them all.
 */
export const PLATFORM_ERRORS = {
  /** A field of the request is not valid; `errors` names each field. */
  VALIDATION_FAILED: 'validation_failed',
  UNAUTHENTICATED: 'unauthenticated',
  /** The actor lacks the permission the handler declares. */
  PERMISSION_DENIED: 'permission_denied',
  /** The request needs an acting school and has none. */
  SCHOOL_REQUIRED: 'school_required',
  /** Only platform staff may do this. */
  PLATFORM_REQUIRED: 'platform_required',
  /** Only the platform itself (a system actor) may do this. */
  SYSTEM_REQUIRED: 'system_required',
  /** A handler was reached that declares no access rule (strict mode). */
  ACCESS_UNDECLARED: 'access.undeclared',
  TOO_MANY_REQUESTS: 'too_many_requests',
  NOT_FOUND: 'not_found',
  /** The version sent (If-Match) is not the current one. */
  STALE_VERSION: 'stale_version',
  DUPLICATE: 'duplicate',
  REFERENCE_CONFLICT: 'reference_conflict',
  INTERNAL_ERROR: 'internal_error',
  MALFORMED_ENVELOPE: 'bus.malformed_envelope',
  MALFORMED_REPLY: 'bus.malformed_reply',
  NO_HANDLER: 'bus.no_handler',
  SERVICE_UNAVAILABLE: 'service.unavailable',
  /** The service cannot reach its database (down, starting, connections cut): 503, retry after `retryAfterSeconds`. */
  DATABASE_UNAVAILABLE: 'database.unavailable',
  SERVICE_TIMEOUT: 'service.timeout',
  BUS_UNAVAILABLE: 'bus.unavailable',
  BUS_ERROR: 'bus.error',
} as const;
