import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError } from '@pt/contracts';

/** Thrown by the global ValidationPipe; the problem filter turns it into a 400 naming each field. */
export class RequestValidationException extends BadRequestException {
  constructor(readonly fieldErrors: FieldError[]) {
    super('The request is not valid');
  }
}

/**
 * Only declared fields pass (unknown ones are refused, not silently dropped, so a client
 * learns about a typo), values are converted to the declared types, and every failure
 * names its field with a dotted path (`address.postcode`, `items.0.score`).
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
