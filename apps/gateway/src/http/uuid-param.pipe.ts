import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { isUuid } from '@pt/contracts';
import { RequestValidationException } from './validation';

/**
 * Path ids are RFC 4122 UUIDs (every id the platform issues is): beyond `isUuid`'s shape the
 * variant digit must be 8, 9, a or b, so nothing else reaches a service as an id.
 */
function isIssuedId(value: string): boolean {
  return isUuid(value) && '89ab'.includes(value[19].toLowerCase());
}

/** A path id that is not a UUID is a 400 naming the parameter, never a database error. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!isIssuedId(value)) {
      throw new RequestValidationException([{ field: metadata.data ?? 'id', message: 'must be a UUID' }]);
    }
    return value.toLowerCase();
  }
}
