// The ops area of the console through the real platform (issue 18, P13, P23): a maintenance
// window's pre-flight names the school admin who is signed in elsewhere, ops end that
// session after confirming, and a recorded breach shows its 72-hour clock in words.
import { checkPage, expect, signIn, test } from './browser-world';

// One ops user, this spec's own: a second sign-in would replace the first's session (the default policy).
test.describe.configure({ mode: 'serial' });

/** A moment as the value a datetime-local input takes, in the browser's zone (Europe/London). */
function localInput(at: Date): string {
  return at.toLocaleString('sv-SE', { timeZone: 'Europe/London' }).replace(' ', 'T').slice(0, 16);
}

test('P13: ops plan a window, see the signed-in admin in its pre-flight, end that session and cancel the window', async ({
  page,
  browser,
  world,
}) => {
  // Three pages checked with axe and two browsers, on a machine that may be busy with the other specs.
  test.setTimeout(90_000);
  // The school admin works in another browser meanwhile (an admin of this test's own: ops end their session).
  const admin = world.users.opsSchoolAdmin;
  const adminContext = await browser.newContext({
    baseURL: world.baseUrl,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  const adminPage = await adminContext.newPage();
  await signIn(adminPage, admin, world.password);

  await signIn(page, world.users.opsWalk, world.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Maintenance', exact: true }).click();
  await checkPage(page, 'Maintenance windows', 'ops-maintenance');

  // Errors in words, next to their fields.
  await page.getByRole('button', { name: 'Plan window' }).click();
  await expect(page.getByLabel('Start')).toHaveAccessibleDescription(/Enter a date and time\./);
  await expect(page.getByLabel('Reason')).toHaveAccessibleDescription(/Say why/);

  // A week ahead, so nobody is warned or kept out while the other browser tests run.
  const start = new Date(Date.now() + 7 * 24 * 3_600_000);
  const reason = `Database upgrade ${Date.now()}`;
  await page.getByLabel('Start').fill(localInput(start));
  await page.getByLabel('End').fill(localInput(new Date(start.getTime() + 3_600_000)));
  await page.getByLabel(/^Read-only/).check();
  await page.getByLabel('Reason').fill(reason);
  await page.getByRole('button', { name: 'Plan window' }).click();

  const entry = page.getByRole('article').filter({ hasText: reason });
  await expect(entry.getByText('Scheduled')).toBeVisible();
  await entry.getByRole('button', { name: 'Show the pre-flight' }).click();
  await expect(entry.getByRole('list', { name: 'Logged in now' })).toContainText(admin);
  await checkPage(page, 'Maintenance windows', 'ops-maintenance-preflight');

  // End the admin's session from the live sessions, after confirming.
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Live sessions', exact: true })
    .click();
  await page.getByRole('button', { name: `End ${admin}’s session` }).click();
  await page.getByRole('button', { name: 'Yes, end the session' }).click();
  await expect(page.getByLabel('Reason')).toHaveAccessibleDescription(/Say why the session is being ended\./);
  await page.getByLabel('Reason').fill('Browser test: ending a session');
  await checkPage(page, 'Live sessions', 'ops-sessions-confirm-end');
  await page.getByRole('button', { name: 'Yes, end the session' }).click();
  await expect(page.getByText(`${admin}’s session was ended.`)).toBeVisible();
  await expect(page.getByRole('button', { name: `End ${admin}’s session` })).toHaveCount(0);

  // The admin's next step finds the session over.
  await adminPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pupils', exact: true }).click();
  await expect(adminPage).toHaveURL(/\/sign-in/);
  await adminContext.close();

  // Cancel the window, after confirming.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Maintenance', exact: true }).click();
  await entry.getByRole('button', { name: 'Cancel window' }).click();
  await entry.getByRole('button', { name: 'Yes, cancel the window' }).click();
  await expect(entry.getByText('Cancelled', { exact: true })).toBeVisible();
});

test('P23: ops record a breach and see its 72-hour clock in words', async ({ page, world }) => {
  test.setTimeout(60_000);
  await signIn(page, world.users.opsWalk, world.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Breaches', exact: true }).click();
  await checkPage(page, 'Breach register', 'ops-breaches');

  await page.getByRole('button', { name: 'Record breach' }).click();
  await expect(page.getByLabel('People affected (about)')).toHaveAccessibleDescription(/Enter a whole number/);

  const nature = `Report emailed to the wrong parent ${Date.now()}`;
  await page.getByLabel('Detected at').fill(localInput(new Date(Date.now() - 2 * 3_600_000)));
  await page.getByLabel('What happened').fill(nature);
  await page.getByLabel('Kinds of data').fill('pupil names, assessment results');
  await page.getByLabel('People affected (about)').fill('1');
  await page.getByLabel('Records affected (about)').fill('1');
  await page.getByLabel('Likely consequences').fill('A parent saw another pupil’s results');
  await page.getByLabel('Measures taken').fill('Asked the recipient to delete it');
  await page.getByLabel('Contact point').fill('dpo@example.org');
  await page.getByLabel('Affected schools').fill(world.school.id);
  await page.getByRole('button', { name: 'Record breach' }).click();

  const row = page.getByRole('row').filter({ hasText: nature });
  // Detected two hours ago: about 70 hours are left.
  await expect(row).toContainText(/2 days (21|22) hours left to notify/);
  await expect(row).toContainText('1 of 1');
  await checkPage(page, 'Breach register', 'ops-breaches-recorded');
});
