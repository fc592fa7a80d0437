// What the global setup seeded, and the helpers every browser test uses: sign-in through the
// console's own form, the axe check and a screenshot of each page visited, and a watch for
// Content-Security-Policy violations (the console must run under its strict policy).
import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type Page } from '@playwright/test';
import { join, resolve } from 'node:path';

export interface BrowserWorld {
  baseUrl: string;
  password: string;
  school: { id: string; name: string };
  /** analysis: a senior leader of the school's own for assessment-analysis.spec.ts. */
  users: { admin: string; teacher: string; analysis: string; ops: string; finance: string; auditAdmin: string };
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

/** Runs axe on the page as it is now; fails on any serious or critical violation, naming the rule and the elements. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const blocking = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.impact} ${violation.id}: ${violation.help} (${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join('; ')})`,
    );
  expect(blocking, `axe on ${what}`).toEqual([]);
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
