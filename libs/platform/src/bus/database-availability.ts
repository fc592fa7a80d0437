/**
 * Whether an error means the database cannot be reached or is not taking work right now
 * (down, starting, shutting down, a dropped connection, no connection free in time), as
 * opposed to a failure of the request itself. Such a request may simply be tried again,
 * so it answers 503 with Retry-After instead of 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  // Drivers and the ORM wrap one another (`cause`, or copied properties): look a few levels
  // down. Duck-typed: errors from Node's own sockets may come from another realm (no instanceof).
  let current: unknown = error;
  for (let level = 0; level < 5 && isErrorLike(current); level++) {
    if (isUnavailableCause(current)) return true;
    // `pg` reports a refused connection to every address of a host as one AggregateError.
    const inner = (current as { errors?: unknown }).errors;
    if (Array.isArray(inner) && inner.some((each) => isDatabaseUnavailable(each))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
}

function isErrorLike(value: unknown): value is ErrorLike {
  return typeof value === 'object' && value !== null;
}

/** Socket failures: nothing listens, the connection was cut, or the host cannot be reached. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that is not taking work: class 08 (connection exception) and
 * 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up,
 * recovering, in a hot standby's startup), 53300 too_many_connections.
 */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * `pg` and knex say so only in words: a cut connection, a connect or pool acquire timeout.
 * Knex puts the failed statement in front (`begin - Connection terminated unexpectedly`).
 */
const UNAVAILABLE_MESSAGES =
  /(Connection terminated|Connection ended unexpectedly|timeout exceeded when trying to connect|Client has encountered a connection error|Knex: Timeout acquiring a connection)/;

function isUnavailableCause(error: ErrorLike): boolean {
  const { code, name, message } = error;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) {
    return true;
  }
  return name === 'KnexTimeoutError' || (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message));
}
