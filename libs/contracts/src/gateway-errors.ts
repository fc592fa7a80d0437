/** Error codes the gateway itself answers with (HTTP concerns no service sees). */
export const GATEWAY_ERRORS = {
  BAD_REQUEST: 'bad_request',
  EMPTY_BODY: 'empty_body',
  MALFORMED_BODY: 'malformed_body',
  BODY_TOO_LARGE: 'body_too_large',
  UNSUPPORTED_MEDIA_TYPE: 'unsupported_media_type',
  FILE_TOO_LARGE: 'file_too_large',
  PHOTO_TOO_LARGE: 'photo_too_large',
  ROUTE_NOT_FOUND: 'route_not_found',
  METHOD_NOT_ALLOWED: 'method_not_allowed',
  FORBIDDEN: 'forbidden',
  CONFLICT: 'conflict',
  PRECONDITION_FAILED: 'precondition_failed',
  /** A change to a versioned resource must say which version it changes. */
  IF_MATCH_REQUIRED: 'if_match_required',
  /** The access token is missing, malformed, expired or not signed by a current key. */
  INVALID_TOKEN: 'invalid_token',
  SESSION_ENDED: 'session_ended',
  SESSION_ENDED_FOR_MAINTENANCE: 'session_ended_for_maintenance',
  /** P7: a current policy document must be accepted before anything else. */
  POLICY_ACCEPTANCE_REQUIRED: 'policy_acceptance_required',
  EXPORT_UNAVAILABLE: 'export_unavailable',
  PHOTO_UNAVAILABLE: 'photo_unavailable',
  NOT_READY: 'not_ready',
} as const;
