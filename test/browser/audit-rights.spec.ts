// Issue 18, school staff: the rights register with its clocks, and the audit trail with its
// filters and export (P21, P22, P24). The spec's own school admin records a subject access
// request about a pupil (a wrong id is refused by its field first), sees its clock, records
// the identity check, gathers the pupil's data, extends it and completes it; then filters the
// audit trail to what that left (by the request's id, never a name, in the address) and
// exports it as CSV.
import { readFile } from 'node:fs/promises';
import { checkPage, expect, signIn, test } from './browser-world';

/** Today's date in the browser's zone (Europe/London), as a date input takes it. */
function londonDate(at = new Date()): string {
  return at.toLocaleDateString('sv-SE', { timeZone: 'Europe/London' });
}

test('P21/P24: a school admin moves a rights request through its clock, then filters and exports its audit trail', async ({
  page,
  world,
}) => {
  // A long walk (eight pages, five changes, a wait for the log) on a machine that may be busy.
  test.setTimeout(180_000);
  await signIn(page, world.users.auditAdmin, world.password);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Rights register', exact: true }).click();
  await checkPage(page, 'Rights register', 'rights-register');

  // Errors in words by their fields: first the console's own, then the API's (a pupil id
  // that is not this school's is refused naming the field).
  const record = page.getByRole('form', { name: 'Record a request' });
  await record.getByRole('button', { name: 'Record request' }).click();
  await expect(record.getByLabel('Kind of request')).toHaveAccessibleDescription(/Choose the kind of request\./);
  await expect(record.getByLabel('Whose data: their id')).toHaveAccessibleDescription(/Enter the id/);
  await record.getByLabel('Kind of request').selectOption({ label: 'Access (subject access request)' });
  await record.getByLabel('Whose data: kind of person').selectOption({ label: 'Pupil' });
  await record.getByLabel('Whose data: their id').fill('00000000-0000-4000-8000-000000000000');
  await record.getByLabel('Who asked', { exact: true }).selectOption({ label: 'Parent or carer' });
  await record.getByLabel('Notes').fill('Asked at reception for everything held about their child');
  await record.getByRole('button', { name: 'Record request' }).click();
  await expect(record.getByLabel('Whose data: their id')).toHaveAccessibleDescription(
    /Whose data: their id is not a pupil of this school\./,
  );
  await checkPage(page, 'Rights register', 'rights-register-errors');

  await record.getByLabel('Whose data: their id').fill(world.pupils[0].id);
  await record.getByRole('button', { name: 'Record request' }).click();

  // The request's page: its address holds its id only; due in a calendar month.
  await expect(page).toHaveURL(/\/rights\/[0-9a-f-]{36}$/);
  const requestId = page.url().split('/').pop()!;
  const heading = 'Rights request: Access (subject access request)';
  const clock = page.getByTestId('rights-clock');
  await expect(clock).toHaveText(/^(2[89]|3[01]) days left$/);
  await expect(page.getByText('Not recorded yet: needed before the request is fulfilled')).toBeVisible();
  await checkPage(page, heading, 'rights-request-open');

  // Identity first (a pupil's data), then a two-month extension, then completion.
  const identity = page.getByRole('region', { name: 'Record the identity check' });
  await identity.getByLabel('How the identity was checked').selectOption({ label: 'Known to staff' });
  await identity.getByRole('button', { name: 'Record identity check' }).click();
  await expect(page.getByText(/^Known to staff, /)).toBeVisible();

  // The subject's data gathered from every service into one bundle, downloaded once.
  const [bundle] = await Promise.all([
    page.waitForEvent('download', { timeout: 60_000 }),
    page.getByRole('button', { name: 'Gather and download the data' }).click(),
  ]);
  expect(bundle.suggestedFilename()).toMatch(/^rights-export-[0-9a-f-]{36}\.json$/);
  const gathered = JSON.parse(await readFile(await bundle.path(), 'utf8')) as {
    format: string;
    request: { id: string; subject: { id: string } };
  };
  expect(gathered.format).toBe('pupil-tracking.subject-export.v1');
  expect(gathered.request).toMatchObject({ id: requestId, subject: { id: world.pupils[0].id } });
  await expect(page.getByText(/^Produced .*, downloaded /)).toBeVisible();

  const extend = page.getByRole('region', { name: 'Extend the deadline' });
  await extend.getByRole('button', { name: 'Extend the deadline' }).click();
  await expect(extend.getByLabel('Reason for the extension')).toHaveAccessibleDescription(
    /Enter why it needs longer\./,
  );
  await extend.getByLabel('Extend by').selectOption({ label: 'Two months' });
  await extend.getByLabel('Reason for the extension').fill('Records span several years and systems');
  await extend.getByRole('button', { name: 'Extend the deadline' }).click();
  await expect(clock).toHaveText(/^(8[7-9]|9[0-2]) days left$/);
  await expect(page.getByRole('region', { name: 'Extend the deadline' })).toHaveCount(0);
  await checkPage(page, heading, 'rights-request-extended');

  const complete = page.getByRole('region', { name: 'Complete the request' });
  await complete.getByLabel('Outcome').selectOption({ label: 'Done' });
  await complete.getByLabel('What was done').fill('Copy of the records sent to the parent');
  await complete.getByRole('button', { name: 'Complete the request' }).click();
  await expect(clock).toHaveText('Completed');
  await expect(page.getByText(/^Done, .*: Copy of the records sent to the parent$/)).toBeVisible();
  await checkPage(page, heading, 'rights-request-completed');

  // The register lists it, completed.
  await page.getByRole('link', { name: 'Back to the rights register' }).click();
  await page.getByLabel('Show').selectOption({ label: 'Completed' });
  await expect(page.getByRole('row').filter({ hasText: world.pupils[0].id }).first()).toContainText('Completed');

  // The audit trail, filtered by hand to what the request left today.
  await nav.getByRole('link', { name: 'Audit trail', exact: true }).click();
  await checkPage(page, 'Audit trail', 'audit-trail');
  const filters = page.getByRole('search', { name: 'Filter the audit trail' });
  await filters.getByLabel('Subject id').fill('not an id!');
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await expect(filters.getByLabel('Subject id')).toHaveAccessibleDescription(/Subject id must be an id\./);
  await filters.getByLabel('Action').fill('audit.rights-request');
  await filters.getByLabel('Subject type').fill('rights-request');
  await filters.getByLabel('Subject id').fill(requestId);
  await filters.getByLabel('From date').fill(londonDate());
  await filters.getByLabel('To date').fill(londonDate());
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]subjectId=${requestId}(&|$)`));
  await expect(page).toHaveURL(/[?&]action=audit\.rights-request(&|$)/);

  // The log is written from the events as they arrive: reload (the filters stay, from the address) until all six are in.
  const actions = [
    'audit.rights-request.completed',
    'audit.rights-request.extended',
    'audit.rights-request.export-downloaded',
    'audit.rights-request.export-produced',
    'audit.rights-request.identity-checked',
    'audit.rights-request.recorded',
  ];
  const rows = page.getByRole('table').getByRole('row').filter({ hasText: requestId });
  await expect(async () => {
    await page.reload();
    await expect(rows).toHaveCount(actions.length, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(filters.getByLabel('Subject id')).toHaveValue(requestId);
  for (const [index, action] of actions.entries()) await expect(rows.nth(index)).toContainText(action);
  await checkPage(page, 'Audit trail', 'audit-trail-filtered');

  // Narrowed to the one who did them (by id): the same six, the other filters kept.
  await rows
    .first()
    .getByRole('link', { name: /^Only what they did/ })
    .click();
  await expect(page).toHaveURL(/[?&]actorId=[0-9a-f-]{36}(&|$)/);
  await expect(page).toHaveURL(new RegExp(`[?&]subjectId=${requestId}(&|$)`));
  await expect(filters.getByLabel('Who (user id)')).toHaveValue(/^[0-9a-f-]{36}$/);
  await expect(rows).toHaveCount(actions.length);

  // The export takes the same filters: the same six, as CSV.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export as CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^audit-entries-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = (await readFile(await download.path(), 'utf8')).trim().split(/\r?\n/);
  expect(lines[0]).toMatch(/^occurredAt,sequence,action,actorKind,actorId,/);
  expect(lines).toHaveLength(actions.length + 1);
  for (const [index, action] of actions.entries()) {
    expect(lines[index + 1]).toContain(`,${action},`);
    expect(lines[index + 1]).toContain(requestId);
  }
  // Ids and codes only: none of the notes, reasons or summaries typed above.
  expect(lines.join('\n')).not.toMatch(/reception|several years|sent to the parent/);
  await expect(page.getByText(/The file holds the first/)).toHaveCount(0);

  // An export the gateway cut at its row limit says so (X-Export-Truncated): the same
  // response with the header the gateway adds past 50,000 rows.
  await page.route('**/api/v1/audit-entries/export*', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'x-export-truncated': 'true' } });
  });
  await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export as CSV' }).click()]);
  await expect(
    page.getByRole('status').filter({ hasText: 'The file holds the first 50,000 matching entries' }),
  ).toBeVisible();
});
