// What the global setup seeded, and the helpers every browser test uses: sign-in through the
// console's own form, the axe check and a screenshot of each page visited, and a watch for
// Content-Security-Policy violations (the console must run under its strict policy).
import { expect, test as base, type Page } from '@playwright/test';
import type { AxeResults, RunOptions } from 'axe-core';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface BrowserWorld {
  baseUrl: string;
  password: string;
  school: { id: string; name: string };
  /**
   * analysis: a senior leader of the school's own for assessment-analysis.spec.ts. A sign-in ends the
   * user's other sessions, so tests that may run at once sign in as users of their own: gridAdmin and
   * importAdmin (assessment-grid, pupil-import), opsWalk and opsSchoolAdmin (ops.spec's ops user and the
   * school admin whose session it ends), expiringTeacher (sign-in.spec's expired session).
   */
  users: {
    admin: string;
    teacher: string;
    analysis: string;
    ops: string;
    finance: string;
    auditAdmin: string;
    gridAdmin: string;
    importAdmin: string;
    opsWalk: string;
    opsSchoolAdmin: string;
    expiringTeacher: string;
  };
  pupils: { id: string; forename: string; surname: string }[];
}

export function browserWorld(): BrowserWorld {
  const seeded = process.env.BROWSER_WORLD;
  if (!seeded)
    throw new Error('BROWSER_WORLD is not set: run through playwright.config.ts (its global setup seeds it)');
  return JSON.parse(seeded) as BrowserWorld;
}

export const SCREENSHOTS = resolve(__dirname, '../../test-results/screenshots');

/** The WCAG 2.2 A and AA rules axe knows; serious and critical findings fail the test. */
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe-core itself, put into a page once per document (it stays across the console's own navigation). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeFinding {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/**
 * Runs axe on the page as it is now; fails on any serious or critical violation, naming the rule
 * and the elements. axe runs in the page itself (the console has no frames): @axe-core/playwright's
 * analyze() finished each run in a second page it opened, 1.5-3.6 s a check on this machine
 * against 0.1-0.5 s here (0.3 s of it putting axe into a new document), for the same rules.
 */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  // Playwright evaluates through the DevTools protocol, which the page's Content-Security-Policy does not govern.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE);
  const options: RunOptions = { runOnly: { type: 'tag', values: WCAG_TAGS } };
  const findings = await page.evaluate(async (runOptions) => {
    // The page's globals, typed here without the DOM's types (the tests compile for Node).
    const { axe, document } = globalThis as unknown as {
      axe: { run(context: unknown, options: RunOptions): Promise<AxeResults> };
      document: unknown;
    };
    const results = await axe.run(document, runOptions);
    return results.violations.map(
      (violation): AxeFinding => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.slice(0, 3).map((node) => node.target.join(' ')),
      }),
    );
  }, options);
  const blocking = findings
    .filter((finding) => finding.impact === 'serious' || finding.impact === 'critical')
    .map((finding) => `${finding.impact} ${finding.id}: ${finding.help} (${finding.targets.join('; ')})`);
  expect(blocking, `axe on ${what}`).toEqual([]);
}

/**
 * What keeps a test's attempts apart. Under CI Playwright retries a failed test once, in a new
 * worker, on the platform the first attempt left behind: a second framework for the same academic
 * year is refused, a UPN from nextUpn's counter (which restarts with the worker) is taken, an import
 * of the same pupils creates none, and a class group's name is taken. Each attempt takes an academic
 * year (the spec's own, then the one after, or before with `step` -1; name what it makes after it),
 * an establishment number for its UPNs and a UPN block of its own.
 */
export function attemptOf(retry: number, firstYear = 2026, step: 1 | -1 = 1) {
  const year = firstYear + step * retry;
  return {
    /** The academic year starting in September of `year`, as YYYY/YY. */
    academicYear: `${year}/${String((year + 1) % 100).padStart(2, '0')}`,
    /** The day `monthDay` (MM-DD) of this attempt's academic year: September to December of `year`, then January to August. */
    dateIn: (monthDay: string) => `${Number(monthDay.slice(0, 2)) >= 9 ? year : year + 1}-${monthDay}`,
    /** A four-digit establishment number of this attempt's own, from the spec's own. */
    establishment: (own: string) => String(Number(own) + 100 * retry),
    /** A CTF generator UPN block of this attempt's own, from the spec's own. */
    upnBlock: (own: number) => own + retry,
  };
}

/** Every page a test looks at: the heading it must show, then axe, then a screenshot named for it. */
export async function checkPage(page: Page, heading: string | RegExp, screenshot: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  await expectAccessible(page, screenshot);
  await page.screenshot({ path: join(SCREENSHOTS, `${screenshot}.png`), fullPage: true });
}

/** Signs in through the sign-in form; accepts the current policies if the console asks first (P7). */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
  if (page.url().includes('/accept-policies')) {
    // The documents load after the page: tick the boxes once they are there, not the none before.
    await expect(page.getByRole('checkbox').first()).toBeVisible();
    for (const box of await page.getByRole('checkbox').all()) await box.check();
    await page.getByRole('button', { name: /accept/i }).click();
    await expect(page).not.toHaveURL(/\/accept-policies/);
  }
}

/**
 * Playwright's test with the console's base URL, and a page that fails its test when the
 * browser reports a Content-Security-Policy violation or a script error.
 */
export const test = base.extend<{ world: BrowserWorld }>({
  world: async ({}, use) => use(browserWorld()),
  baseURL: async ({}, use) => use(browserWorld().baseUrl),
  page: async ({ page }, use) => {
    const faults: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content.Security.Policy/i.test(message.text())) faults.push(message.text());
    });
    page.on('pageerror', (error) => faults.push(`script error: ${error.message}`));
    await use(page);
    expect(faults, 'CSP violations and script errors').toEqual([]);
  },
});

export { expect };
