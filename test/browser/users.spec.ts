// Issue 18, school staff: users and roles, and support access, through the real platform.
// The school admin of this spec lists the school's users, invites one (a bad teacher
// reference number is refused by the API and shown next to its field first), changes their
// roles, deactivates and reactivates them and records the access review; another lets
// support in and ends it. A teacher has no Users item in the navigation, and the page says they may not.
import { checkPage, expect, signIn, test } from './browser-world';
import { usersWorld } from './users-world';

test('a school admin lists users, invites one, changes their roles, and deactivates and reactivates them', async ({
  page,
  world,
}) => {
  // Six pages checked with axe, on a machine that may be busy with the other specs.
  test.setTimeout(150_000);
  const { admin } = usersWorld();
  const run = Date.now().toString(36);
  await signIn(page, admin.username, world.password);

  const main = page.getByRole('navigation', { name: 'Main' });
  await main.getByRole('link', { name: 'Users and roles' }).click();
  await checkPage(page, 'Users and roles', 'users-list');
  await expect(page.getByRole('row', { name: new RegExp(admin.name) })).toContainText('School admin');

  // Only teachers, as the API filters them.
  await page.getByLabel('Role', { exact: true }).selectOption('teacher');
  await page.getByRole('button', { name: 'Show users' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Showing \d+ users?/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /browser\.users\.teacher/ })).toContainText('Teacher');
  await expect(page.getByRole('row', { name: new RegExp(admin.name) })).toHaveCount(0);

  await page.getByRole('navigation', { name: 'Users and roles' }).getByRole('link', { name: 'Invite a user' }).click();
  await checkPage(page, 'Invite a user', 'users-invite');
  await page.getByLabel('First name').fill('Ada');
  await page.getByLabel('Last name').fill(`Lovelace ${run}`);
  await page.getByLabel('Username', { exact: true }).fill(`a.lovelace.${run}`);
  await page.getByLabel('Email', { exact: true }).fill(`a.lovelace.${run}@harbourside.example`);
  const trn = page.getByLabel('Teacher reference number (optional)');
  await trn.fill('12345');
  await page.getByRole('checkbox', { name: 'Teacher' }).check();
  await page.getByRole('button', { name: 'Send invitation' }).click();
  // The API's problem+json, in words next to the field it names; nothing else is flagged.
  await expect(trn).toHaveAccessibleDescription(/Teacher reference number must be 7 digits\./);
  await expect(trn).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Email', { exact: true })).not.toHaveAttribute('aria-invalid', 'true');
  await checkPage(page, 'Invite a user', 'users-invite-error');

  await trn.fill('1234567');
  await page.getByRole('button', { name: 'Send invitation' }).click();
  const person = `Ada Lovelace ${run}`;
  await checkPage(page, person, 'users-user');
  await expect(page.getByRole('status').filter({ hasText: 'Invitation sent' })).toContainText(
    `a.lovelace.${run}@harbourside.example`,
  );

  // Roles: office instead of teacher, each role saying what it allows beside its box.
  const office = page.getByRole('checkbox', { name: 'Office' });
  await expect(office).toHaveAccessibleDescription(/Import pupils from a CTF or CSV file/);
  await office.check();
  await page.getByRole('checkbox', { name: 'Teacher' }).uncheck();
  await page.getByRole('button', { name: 'Save roles' }).click();
  await expect(page.getByRole('status')).toContainText('Roles saved');
  await expect(page.getByRole('definition').filter({ hasText: /^Office$/ })).toBeVisible();

  // Deactivate after confirming; then bring the account back (invited again: no password yet).
  await page.getByRole('button', { name: 'Deactivate account' }).click();
  await page.getByRole('button', { name: `Yes, deactivate ${person}` }).click();
  await expect(page.getByRole('status')).toContainText(`${person} is deactivated`);
  await expect(page.getByRole('definition').filter({ hasText: 'Deactivated (cannot sign in)' })).toBeVisible();
  await checkPage(page, person, 'users-user-deactivated');
  await page.getByRole('button', { name: 'Reactivate account' }).click();
  await expect(page.getByRole('status')).toContainText(`${person} is invited again`);
  await expect(page.getByRole('button', { name: 'Send a new invitation' })).toBeVisible();
});

test('a school admin reads what each role allows and records the termly access review', async ({ page, world }) => {
  test.setTimeout(90_000);
  const run = Date.now().toString(36);
  await signIn(page, usersWorld().reviewAdmin.username, world.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users and roles' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Users and roles' })).toBeVisible();
  await page
    .getByRole('navigation', { name: 'Users and roles' })
    .getByRole('link', { name: 'Roles', exact: true })
    .click();
  await checkPage(page, 'Roles and what they allow', 'users-roles');
  await expect(page.getByRole('list', { name: 'What Teacher allows' })).toContainText('Enter assessment results');

  await page.getByRole('navigation', { name: 'Users and roles' }).getByRole('link', { name: 'Access review' }).click();
  await checkPage(page, 'Access review', 'users-access-review');
  await expect(page.getByRole('heading', { name: 'Accounts to look at' })).toBeVisible();
  await page.getByLabel('Notes (optional)').fill(`Checked in the browser test ${run}`);
  await page.getByRole('button', { name: 'Record that the review is done' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The review is recorded.' })).toBeVisible();
  await expect(page.getByText(/Last reviewed/)).toBeVisible();
});

test('a school admin lets support in for four hours to look, sees the clock in words, and ends it', async ({
  page,
  world,
}) => {
  test.setTimeout(90_000);
  const run = Date.now().toString(36);
  await signIn(page, usersWorld().supportAdmin.username, world.password);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Support access' }).click();
  await checkPage(page, 'Support access', 'support-access');
  const reason = `Check the ${run} import`;
  await page.getByLabel('Reason', { exact: true }).fill(reason);
  await page.getByLabel('How long').selectOption({ label: '4 hours' });
  await expect(page.getByRole('checkbox', { name: 'See pupils and their details' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Add and change pupils' })).not.toBeChecked();
  await page.getByRole('button', { name: 'Let support in' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Support may come in until' })).toBeVisible();
  const grant = page.getByRole('row', { name: new RegExp(reason) });
  await expect(grant).toContainText(/Ends in 3 hours 5\d minutes|Ends in 4 hours/);
  await expect(grant).toContainText('See pupils and their details');
  await checkPage(page, 'Support access', 'support-access-granted');
  await grant.getByRole('button', { name: `End support access for “${reason}”` }).click();
  await grant.getByRole('button', { name: 'Yes, end it now' }).click();
  await expect(grant).toContainText(/Revoked under a minute ago/);
  await expect(grant.getByRole('button')).toHaveCount(0);
});

test('a teacher has no Users item, and the users page says they may not manage users', async ({ page, world }) => {
  const { teacher } = usersWorld();
  await signIn(page, teacher.username, world.password);
  const main = page.getByRole('navigation', { name: 'Main' });
  await expect(main.getByRole('link', { name: 'Assessment' })).toBeVisible();
  await expect(main.getByRole('link', { name: 'Users and roles' })).toHaveCount(0);
  await expect(main.getByRole('link', { name: 'Support access' })).toHaveCount(0);

  await page.goto('/users');
  await checkPage(page, 'Users and roles', 'users-not-permitted');
  await expect(page.getByRole('alert')).toContainText('You do not have permission to manage the school’s users');
  await expect(page.getByRole('table')).toHaveCount(0);
});
