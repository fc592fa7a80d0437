import { IsOptional } from 'class-validator';
import { IsIsoDate, IsRoleName, IsTelephone, IsUkPostcode, Present, QueryBoolean } from './field-rules';
import { RequestValidationException, createValidationPipe } from './validation';

class Guardian {
  @IsOptional() @IsTelephone() telephone?: string | null;
  @IsOptional() @IsUkPostcode() postcode?: string;
  @IsOptional() @IsIsoDate() givenOn?: string;
  @IsOptional() @IsRoleName({ each: true }) roles?: string[];
  @Present() @IsRoleName({ message: 'must be 2-50 lower-case letters' }) name?: string;
}

class Query {
  @IsOptional() @QueryBoolean() overdue?: boolean;
}

async function validated(metatype: new () => object, value: object) {
  try {
    return { value: await createValidationPipe().transform(value, { type: 'body', metatype }), errors: [] };
  } catch (error) {
    expect(error).toBeInstanceOf(RequestValidationException);
    return { value: undefined, errors: (error as RequestValidationException).fieldErrors };
  }
}

describe('field rules', () => {
  it('accept the formats of libs/contracts', async () => {
    const { errors } = await validated(Guardian, {
      telephone: '+44 20 7946 0000',
      postcode: 'sw1a 1aa',
      givenOn: '2026-09-01',
      roles: ['teacher', 'head-of-year'],
    });
    expect(errors).toEqual([]);
  });

  it('refuse other values naming the field, with the message a client sees', async () => {
    const { errors } = await validated(Guardian, {
      telephone: 'call me',
      postcode: 'SW1A  1AA',
      givenOn: '1 Sept',
      roles: ['Teacher'],
      name: 'X',
    });
    expect(errors).toEqual([
      { field: 'telephone', message: 'must be a telephone number' },
      { field: 'postcode', message: 'must be a UK postcode' },
      { field: 'givenOn', message: 'must be a date (YYYY-MM-DD)' },
      { field: 'roles', message: 'each must be a role name' },
      { field: 'name', message: 'must be 2-50 lower-case letters' },
    ]);
  });

  it('refuse a value that is not text the same way', async () => {
    expect((await validated(Guardian, { telephone: 4420 })).errors).toEqual([
      { field: 'telephone', message: 'must be a telephone number' },
    ]);
  });

  it('leave a PATCH field that is absent alone, but refuse null', async () => {
    expect((await validated(Guardian, {})).errors).toEqual([]);
    expect((await validated(Guardian, { name: null })).errors).toEqual([
      { field: 'name', message: 'must be 2-50 lower-case letters' },
    ]);
  });

  it('read a query boolean from "true" or "false" and refuse anything else', async () => {
    expect((await validated(Query, { overdue: 'true' })).value).toEqual({ overdue: true });
    expect((await validated(Query, { overdue: 'false' })).value).toEqual({ overdue: false });
    expect((await validated(Query, { overdue: 'maybe' })).errors).toEqual([
      { field: 'overdue', message: 'must be a boolean value' },
    ]);
  });
});
