// Browser tests of the console (issue 18): Playwright's runner driving Debian's chromium
// (/usr/bin/chromium; .ci/run installs it), never a downloaded browser. The global setup
// starts the real platform (the same World the end-to-end suites use) and seeds the users;
// `npm test` runs them all after jest (below). Screenshots go to test-results/screenshots (git-ignored).
import { defineConfig } from '@playwright/test';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Flags for a headless chromium in a container: no sandbox (CI runs as root), nothing fetched from elsewhere. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export default defineConfig({
  testDir: 'test/browser',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/playwright',
  globalSetup: './test/browser/global-setup.ts',
  // One platform for the run, two pages at a time: `npm test` runs these after jest, alone on
  // the machine (all 31 tests in 1.5 minutes on two cores). The timeouts leave room for a
  // machine twice as slow as that one: the longest test (a maintenance window's pre-flight,
  // ended session and cancel) takes 16 s there.
  workers: 2,
  fullyParallel: true,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  // One retry under CI, where a shared machine's pauses are not the console's: a test that
  // passes only on its retry is listed as flaky in the report, not hidden.
  retries: process.env.CI ? 1 : 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: 'list',
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
