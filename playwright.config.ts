// Browser tests of the console (issue 18): Playwright's runner driving Debian's chromium
// (/usr/bin/chromium; .ci/run installs it), never a downloaded browser. The global setup
// starts the real platform (the same World the end-to-end suites use) and seeds the users;
// `npm test` runs its core set beside jest (below). Screenshots go to test-results/screenshots (git-ignored).
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

/**
 * The walks `npm test` leaves to `npm run test:browser` (PT_BROWSER_SET=core): beside jest's
 * suites on two cores, all 31 tests took 10 minutes and doubled jest's time, far past the
 * suite's 15-minute budget. The core set is the sign-in, each role's area, the CTF import,
 * the pasted grid and a pupil's tracking; these walk the rest of the console.
 */
const WALKS_OUTSIDE_NPM_TEST = [
  '**/sign-in-flows.spec.ts',
  '**/users.spec.ts',
  '**/audit-rights.spec.ts',
  '**/assessment-analysis.spec.ts',
];

export default defineConfig({
  testDir: 'test/browser',
  testMatch: '**/*.spec.ts',
  testIgnore: process.env.PT_BROWSER_SET === 'core' ? WALKS_OUTSIDE_NPM_TEST : [],
  outputDir: 'test-results/playwright',
  globalSetup: './test/browser/global-setup.ts',
  // One platform for the run; in CI one page at a time, as jest's suites run beside it.
  workers: process.env.CI ? 1 : 2,
  fullyParallel: true,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  retries: 0,
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
