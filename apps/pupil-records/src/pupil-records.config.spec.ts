import { loadConfig } from '@pt/platform';
import { PupilRecordsConfig } from './pupil-records.config';

describe('pupil-records configuration', () => {
  it('refuses production without a cursor key of 32 characters or more (cursors hold names, sealed)', () => {
    expect(() => loadConfig(PupilRecordsConfig, { NODE_ENV: 'production', DB_APP_PASSWORD: 'x' })).toThrow(
      /PUPIL_CURSOR_KEY/,
    );
    expect(() =>
      loadConfig(PupilRecordsConfig, { NODE_ENV: 'production', DB_APP_PASSWORD: 'x', PUPIL_CURSOR_KEY: 'short' }),
    ).toThrow(/PUPIL_CURSOR_KEY/);
    const key = 'k'.repeat(32);
    expect(
      loadConfig(PupilRecordsConfig, { NODE_ENV: 'production', DB_APP_PASSWORD: 'x', PUPIL_CURSOR_KEY: key }).cursorKey,
    ).toBe(key);
  });
});
