import { HttpException } from '@nestjs/common';
import { expectedVersion } from './etag';

describe('If-Match (optimistic concurrency)', () => {
  it('reads the version from a strong or weak ETag', () => {
    expect(expectedVersion('"3"', true)).toBe(3);
    expect(expectedVersion('W/"12"', true)).toBe(12);
  });

  it('treats * and an absent header (where allowed) as no condition', () => {
    expect(expectedVersion('*', true)).toBeNull();
    expect(expectedVersion(undefined, false)).toBeNull();
  });

  it('refuses a change without If-Match where one is required (428)', () => {
    const statusOf = (header: string | undefined) => {
      try {
        expectedVersion(header, true);
        return null;
      } catch (error) {
        return (error as HttpException).getStatus();
      }
    };
    expect(statusOf(undefined)).toBe(428);
    expect(statusOf('  ')).toBe(428);
  });

  it('passes a tag that is not ours on as a version that never matches (so 412)', () => {
    expect(expectedVersion('"abc"', true)).toBe(-1);
    expect(expectedVersion('"1", "2"', true)).toBe(-1);
  });
});
