import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError } from '@pt/contracts';

/** Thrown by the global ValidationPipe; the problem filter turns it into a 400 naming each field. */
export class RequestValidationException extends BadRequestException {
  constructor(readonly fieldErrors: FieldError[]) {
    super('The request is not valid');
  }
}

/**
 * C0 control characters but tab, line feed and carriage return, and DEL. Postgres refuses
 * NUL in text (a NUL in sign-in's login was a 500), and none of them belongs in a name, a
 * note or an identifier; multi-line notes keep their tabs and line breaks.
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * The first string (or object key) of a body, query or path parameter holding a control
 * character, named the way validation names fields (`address.line1`, `items.0.note`).
 * Bodies reach here within the JSON parser's depth limit, so the recursion is bounded.
 */
export function findControlCharacter(value: unknown, field: string): FieldError | null {
  if (typeof value === 'string') {
    return CONTROL_CHARACTER.test(value)
      ? { field: field || 'body', message: 'must not contain control characters' }
      : null;
  }
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findControlCharacter(value[i], field ? `${field}.${i}` : String(i));
      if (found) return found;
    }
    return null;
  }
  for (const [key, item] of Object.entries(value)) {
    if (CONTROL_CHARACTER.test(key)) {
      return { field: field || 'body', message: 'must not have a key with control characters' };
    }
    const found = findControlCharacter(item, field ? `${field}.${key}` : key);
    if (found) return found;
  }
  return null;
}

/**
 * The global pipe: control characters are refused in every string of a body, query or
 * path, in this one place, before the DTO's own rules run; then the DTO validates.
 */
class GatewayValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const found = findControlCharacter(value, metadata.data ?? '');
      if (found) throw new RequestValidationException([found]);
    }
    return super.transform(value, metadata);
  }
}

/**
 * Only declared fields pass (unknown ones are refused, not silently dropped, so a client
 * learns about a typo), values are converted to the declared types, and every failure
 * names its field with a dotted path (`address.postcode`, `items.0.score`).
 */
export function createValidationPipe(): ValidationPipe {
  return new GatewayValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => new RequestValidationException(flattenValidationErrors(errors)),
  });
}

/** One entry per field, its failed rules joined, in the order the fields were declared. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const constraints = Object.entries(error.constraints ?? {});
    const messages = constraints.some(([rule]) => rule === 'whitelistValidation')
      ? ['is not an allowed field']
      : constraints.reverse().map(([, message]) => stripProperty(message, error.property));
    const own = messages.length ? [{ field, message: messages.join('; ') }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** class-validator messages start with the property name; the field is already named. */
function stripProperty(message: string, property: string): string {
  return message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
}
