import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import { logContext } from './log-context';

/**
 * Paths removed from every log line. Personal data and secrets must never reach logs
 * (DESIGN: data-protection rules), even when a developer logs a whole object.
 */
export const REDACTED_PATHS = [
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
  'apiKey',
  'authorization',
  'cookie',
  'email',
  'billingContactEmail',
  'firstName',
  'lastName',
  'legalFirstName',
  'legalLastName',
  'preferredFirstName',
  'preferredLastName',
  'dateOfBirth',
  'telephone',
  'address',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.secret',
  '*.apiKey',
  '*.email',
  '*.billingContactEmail',
  '*.firstName',
  '*.lastName',
  '*.dateOfBirth',
  '*.telephone',
  '*.address',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
];

export interface LoggerOptions {
  service: string;
  level: string;
  /** Where to write; stdout when omitted (tests pass a stream to read lines back). */
  destination?: pino.DestinationStream;
}

export function createLogger({ service, level, destination }: LoggerOptions): Logger {
  return pino(
    {
      level,
      base: { service },
      messageKey: 'msg',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // The request id and tenant of whatever is being handled, without passing them around.
      mixin: () => {
        const ctx = logContext.get();
        if (!ctx) return {};
        const fields: Record<string, unknown> = {};
        if (ctx.requestId) fields.requestId = ctx.requestId;
        if (ctx.tenantId) fields.tenantId = ctx.tenantId;
        if (ctx.actorId) fields.actorId = ctx.actorId;
        if (ctx.op) fields.op = ctx.op;
        return fields;
      },
    },
    destination ?? pino.destination({ sync: false }),
  );
}

/** Lets Nest's own logging (bootstrap, exceptions) go through the same JSON logger. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }
  fatal(message: unknown, context?: string): void {
    this.write('fatal', message, context);
  }

  private write(level: 'info' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, context?: string): void {
    if (typeof message === 'object' && message !== null) this.logger[level]({ context, ...message });
    else this.logger[level]({ context }, String(message));
  }
}
