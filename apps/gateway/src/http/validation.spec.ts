import { Type } from 'class-transformer';
import { IsInt, IsString, Max, ValidateNested } from 'class-validator';
import { RequestValidationException, createValidationPipe } from './validation';

class Address {
  @IsString()
  postcode!: string;
}

class Body {
  @IsString()
  name!: string;

  @IsInt()
  @Max(100)
  score!: number;

  @ValidateNested()
  @Type(() => Address)
  address!: Address;
}

async function problemsOf(value: unknown) {
  try {
    await createValidationPipe().transform(value, { type: 'body', metatype: Body });
  } catch (error) {
    expect(error).toBeInstanceOf(RequestValidationException);
    return (error as RequestValidationException).fieldErrors;
  }
  throw new Error('expected the body to be refused');
}

describe('request validation', () => {
  it('accepts a valid body and converts it to the declared class', async () => {
    const body = await createValidationPipe().transform(
      { name: 'x', score: 5, address: { postcode: 'AB1 2CD' } },
      { type: 'body', metatype: Body },
    );
    expect(body).toBeInstanceOf(Body);
  });

  it('names an unknown field instead of silently dropping it', async () => {
    expect(await problemsOf({ name: 'x', score: 5, address: { postcode: 'A' }, admin: true })).toEqual([
      { field: 'admin', message: 'is not an allowed field' },
    ]);
  });

  it('names nested fields with a dotted path and joins the rules one field broke', async () => {
    expect(await problemsOf({ name: 7, score: 'high', address: { postcode: 1 } })).toEqual([
      { field: 'name', message: 'must be a string' },
      { field: 'score', message: 'must be an integer number; must not be greater than 100' },
      { field: 'address.postcode', message: 'must be a string' },
    ]);
  });
});
