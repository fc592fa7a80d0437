import { BusErrorBody, BusErrorKind, ErrorCodeValue, FieldError } from '@pt/contracts';

/**
 * A failure with a known meaning. Thrown by handlers, carried over the bus as a
 * BusErrorBody and turned by the gateway into problem+json with the matching status.
 * Messages and details must not carry personal data: ids and codes only. The code is one
 * declared in a catalogue of libs/contracts (ERROR_CATALOGUES): clients switch on it.
 */
export class BusException extends Error {
  constructor(readonly body: BusErrorBody) {
    super(body.message);
    this.name = 'BusException';
  }

  get kind(): BusErrorKind {
    return this.body.kind;
  }
  get code(): string {
    return this.body.code;
  }

  static validation(errors: FieldError[], message = 'The request is not valid'): BusException {
    return new BusException({ kind: 'validation', code: 'validation_failed', message, errors });
  }
  static unauthenticated(code: ErrorCodeValue, message: string): BusException {
    return new BusException({ kind: 'unauthenticated', code, message });
  }
  static forbidden(code: ErrorCodeValue, message: string, details?: Record<string, unknown>): BusException {
    return new BusException({ kind: 'forbidden', code, message, details });
  }
  static notFound(code: ErrorCodeValue, message: string): BusException {
    return new BusException({ kind: 'not_found', code, message });
  }
  static conflict(code: ErrorCodeValue, message: string, details?: Record<string, unknown>): BusException {
    return new BusException({ kind: 'conflict', code, message, details });
  }
  static preconditionFailed(code: ErrorCodeValue, message: string): BusException {
    return new BusException({ kind: 'precondition_failed', code, message });
  }
  static unprocessable(code: ErrorCodeValue, message: string, details?: Record<string, unknown>): BusException {
    return new BusException({ kind: 'unprocessable', code, message, details });
  }
  static tooManyRequests(code: ErrorCodeValue, message: string, details?: Record<string, unknown>): BusException {
    return new BusException({ kind: 'too_many_requests', code, message, details });
  }
  static unavailable(code: ErrorCodeValue, message: string, details?: Record<string, unknown>): BusException {
    return new BusException({ kind: 'unavailable', code, message, details });
  }
  static timeout(code: ErrorCodeValue, message: string, details?: Record<string, unknown>): BusException {
    return new BusException({ kind: 'timeout', code, message, details });
  }
}
