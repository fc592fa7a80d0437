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

  describe('control characters, refused in every string before the DTO rules run', () => {
    const refusal = async (
      value: unknown,
      metadata: Parameters<ReturnType<typeof createValidationPipe>['transform']>[1],
    ) => {
      try {
        await createValidationPipe().transform(value, metadata);
      } catch (error) {
        return (error as RequestValidationException).fieldErrors;
      }
      return null;
    };
    const control = { field: 'address.postcode', message: 'must not contain control characters' };

    it('names the one field holding a NUL, ahead of its other failures', async () => {
      expect(await problemsOf({ name: 7, score: 'high', address: { postcode: 'AB1\u0000' } })).toEqual([control]);
    });

    it.each(['\u0000', '\u0001', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f'])(
      'refuses the control character %j',
      async (character) => {
        expect(await problemsOf({ name: 'x', score: 5, address: { postcode: `A${character}B` } })).toEqual([control]);
      },
    );

    it('takes tabs, line breaks and ordinary Unicode', async () => {
      const body = { name: 'Zoë\tŁukasz\r\nO\u2019Brien 😀', score: 5, address: { postcode: 'AB1 2CD' } };
      expect(await refusal(body, { type: 'body', metatype: Body })).toBeNull();
    });

    it('names array items, object keys, query fields and path parameters', async () => {
      expect(await refusal({ items: ['a', 'b\u0000'] }, { type: 'body' })).toEqual([
        { field: 'items.1', message: 'must not contain control characters' },
      ]);
      expect(await refusal({ mapping: { 'a\u0000': 'x' } }, { type: 'body' })).toEqual([
        { field: 'mapping', message: 'must not have a key with control characters' },
      ]);
      expect(await refusal({ q: '\u0000' }, { type: 'query' })).toEqual([
        { field: 'q', message: 'must not contain control characters' },
      ]);
      expect(await refusal('\u0000', { type: 'param', data: 'id' })).toEqual([
        { field: 'id', message: 'must not contain control characters' },
      ]);
    });
  });
});
