/** Error codes the gateway itself answers with (HTTP concerns no service sees). */
export const GATEWAY_ERRORS = {
  BAD_REQUEST: 'bad_request',
  EMPTY_BODY: 'body.empty',
  MALFORMED_BODY: 'body.malformed',
  BODY_TOO_LARGE: 'body.too_large',
  UNSUPPORTED_MEDIA_TYPE: 'body.unsupported_media_type',
  /** A JSON body beyond the gateway's structural limits (README: request bodies); `errors` names where. */
  BODY_TOO_DEEP: 'body.too_deep',
  BODY_TOO_MANY_KEYS: 'body.too_many_keys',
  BODY_ARRAY_TOO_LONG: 'body.array_too_long',
  BODY_STRING_TOO_LONG: 'body.string_too_long',
  /** Refused by the HTTP parser or router before any route: headers too large (431), broken HTTP, a bad path encoding. */
  HEADERS_TOO_LARGE: 'request.headers_too_large',
  MALFORMED_REQUEST: 'request.malformed',
  BAD_URL: 'request.bad_url',
  REQUEST_TIMEOUT: 'request.timeout',
  FILE_TOO_LARGE: 'pupil_import.file_too_large',
  PHOTO_TOO_LARGE: 'photo.too_large',
  ROUTE_NOT_FOUND: 'route.not_found',
  METHOD_NOT_ALLOWED: 'route.method_not_allowed',
  FORBIDDEN: 'forbidden',
  /** A cookie sign-in from an Origin that is not in ALLOWED_ORIGINS (login CSRF). */
  SIGN_IN_ORIGIN_REFUSED: 'sign_in.origin_refused',
  CONFLICT: 'conflict',
  PRECONDITION_FAILED: 'precondition_failed',
  /** A change to a versioned resource must say which version it changes. */
  IF_MATCH_REQUIRED: 'version.if_match_required',
  /** The access token is missing, malformed, expired or not signed by a current key. */
  INVALID_TOKEN: 'access_token.invalid',
  SESSION_ENDED: 'session.ended',
  /** A finance API key that is malformed, fails its checksum, is unknown, expired or revoked. */
  API_KEY_INVALID: 'api_key.invalid',
  /** A finance API key on a route that declares no finance scope (keys reach only /api/v1/finance). */
  API_KEY_ROUTE_NOT_ALLOWED: 'api_key.route_not_allowed',
  /** A finance API key over its rate (RateLimit-Policy); Retry-After says when to try again. */
  API_KEY_RATE_LIMITED: 'api_key.rate_limited',
  /** Idempotency-Key (IETF draft): not one string of 1-255 printable characters. */
  IDEMPOTENCY_KEY_INVALID: 'idempotency_key.invalid',
  /** The key was used before with another method, path or body (422). */
  IDEMPOTENCY_KEY_REUSED: 'idempotency_key.reused',
  /** The first request with this key is still being answered (409): retry later. */
  IDEMPOTENCY_KEY_IN_FLIGHT: 'idempotency_key.in_flight',
  SESSION_ENDED_FOR_MAINTENANCE: 'session.ended_for_maintenance',
  /** P7: a current policy document must be accepted before anything else. */
  POLICY_ACCEPTANCE_REQUIRED: 'policy.acceptance_required',
  EXPORT_UNAVAILABLE: 'export.unavailable',
  PHOTO_UNAVAILABLE: 'photo.unavailable',
  /** The archived parent report's one-off copy could not be fetched from the file store. */
  PARENT_REPORT_UNAVAILABLE: 'parent_report.unavailable',
  NOT_READY: 'gateway.not_ready',
  /** In the test suites only: a response the API document does not describe (issue 16). */
  RESPONSE_UNDOCUMENTED: 'response.undocumented',
} as const;
