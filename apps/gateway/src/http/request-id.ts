import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

/** Printable, short, no spaces: anything else from a client is replaced, never logged raw. */
const ACCEPTABLE = /^[A-Za-z0-9._:-]{8,128}$/;

/** Accepts a caller's request id (so a trace spans client and platform) or makes one. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  const value = Array.isArray(given) ? given[0] : given;
  return value && ACCEPTABLE.test(value) ? value : randomUUID();
}
