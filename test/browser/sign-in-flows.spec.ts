// Signing in, beyond the form itself (issue 18, P4 to P7, P13): the policies read before
// signing in, a password reset by the emailed link (the request says the same whether or
// not the account exists; a weak password is refused next to its field), an invitation
// accepted and the policies accepted at first sign-in, the remembered username and its
// cookie, a session ended by a sign-in elsewhere explained in words, a maintenance warning
// before the window, and the page for an unknown address. Each test has its own user.
import type { APIRequestContext, Page } from '@playwright/test';
import { mailsTo, tokenIn } from '../../libs/testing/src/mailbox';
import { checkPage, expect, test } from './browser-world';
import { signInWorld } from './signin-world';

/** The newest mail of this kind to this address, once identity has written it. */
async function newestMail(to: string, kind: string, after = 0) {
  const { mailDir } = signInWorld();
  await expect
    .poll(() => mailsTo(mailDir, to, kind).length, { message: `${kind} mail to ${to}` })
    .toBeGreaterThan(after);
  return mailsTo(mailDir, to, kind).at(-1)!;
}

/** The emailed link's page on this console (the link names the configured public address). */
function consolePathOf(mailText: string): string {
  const link = /https?:\/\/\S+#token=[A-Za-z0-9_%-]+/.exec(mailText);
  if (!link) throw new Error('no link in the mail');
  const url = new URL(link[0]);
  return `${url.pathname}${url.hash}`;
}

/** A bearer session through the API, as a script or another client would have. */
async function apiSignIn(request: APIRequestContext, baseUrl: string, login: string, password: string) {
  const reply = await request.post(`${baseUrl}/api/v1/auth/sign-in`, { data: { login, password } });
  expect(reply.status(), await reply.text()).toBe(200);
  const { accessToken } = (await reply.json()) as { accessToken: string };
  return async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const answer = await request.fetch(`${baseUrl}${path}`, {
      method,
      data: body,
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(answer.ok(), `${method} ${path}: ${answer.status()} ${await answer.text()}`).toBe(true);
    return (await answer.json()) as Record<string, unknown>;
  };
}

/** Signs in through the form, expecting to land where an accepted user lands. */
async function signInHome(page: Page, username: string, password: string, remember = false) {
  await page.goto('/sign-in');
  await page.getByLabel('Username or email').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  if (remember) await page.getByRole('checkbox', { name: /Remember my username/ }).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Welcome, ${username}` })).toBeVisible();
}

test('P7: the policies are readable before signing in, from the sign-in page', async ({ page }) => {
  // Pages checked with axe, on a machine that may be busy with the other specs.
  test.setTimeout(60_000);
  const { policyTitles } = signInWorld();
  await page.goto('/sign-in');
  await page.getByRole('main').getByRole('link', { name: 'policies and terms' }).click();
  await expect(page).toHaveURL(/\/policies$/);
  const list = page.getByRole('main').getByRole('list');
  for (const title of policyTitles) await expect(list.getByRole('link', { name: title })).toBeVisible();
  await expect(list).toContainText('version 2026-09');
  await checkPage(page, 'Policies and terms', 'policies');

  await list.getByRole('link', { name: 'Privacy policy' }).click();
  await expect(page).toHaveURL(/\/policies\/[0-9a-f-]{36}$/);
  await expect(page.getByText(/^Version 2026-09, published/)).toBeVisible();
  await expect(page.getByText('You can ask for a copy of what is held about you.')).toBeVisible();
  await checkPage(page, 'Privacy policy', 'policy-document');
  await page.getByRole('link', { name: 'All policies and terms' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Policies and terms' })).toBeVisible();
});

test('P6: a forgotten password is reset by the emailed link; a weak one is refused next to its field', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const { reset } = signInWorld();
  const before = mailsTo(signInWorld().mailDir, reset.email, 'password-reset').length;
  await page.goto('/sign-in');
  await page.getByRole('link', { name: 'Forgotten your password?' }).click();
  await expect(page).toHaveURL(/\/reset-password$/);
  await checkPage(page, 'Reset your password', 'reset-password');

  // No account enumeration: an unknown name gets the same answer as a real one.
  const neutral = /If an account matches, we have emailed a link to reset its password\./;
  await page.getByLabel('Username or email').fill('nobody.at.all@nowhere.example');
  await page.getByRole('button', { name: 'Email me a reset link' }).click();
  await expect(page.getByRole('status')).toHaveText(neutral);
  await page.goto('/reset-password');
  await page.getByLabel('Username or email').fill(reset.username);
  await page.getByRole('button', { name: 'Email me a reset link' }).click();
  await expect(page.getByRole('status')).toHaveText(neutral);
  await checkPage(page, 'Reset your password', 'reset-password-sent');

  const mail = await newestMail(reset.email, 'password-reset', before);
  const path = consolePathOf(mail.text);
  expect(path).toMatch(/^\/reset-password#token=/);
  await page.goto(path);
  await checkPage(page, 'Set a new password', 'reset-password-new');

  // Long enough, but the most common kind of password: the API says why, beside the field.
  const field = page.getByLabel('New password', { exact: true });
  await field.fill('Password1234');
  await page.getByLabel('Confirm new password').fill('Password1234');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAccessibleDescription(
    /New password (is one of the most commonly used|is too easy to guess|must)/,
  );
  await checkPage(page, 'Set a new password', 'reset-password-weak');

  const chosen = 'Lantern-Harbour-Otter-42';
  await field.fill(chosen);
  await page.getByLabel('Confirm new password').fill(chosen);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('status')).toContainText('Your password has been changed');
  // The one-time token is gone from the address bar.
  await expect(page).toHaveURL(/\/reset-password$/);
  await checkPage(page, 'Set a new password', 'reset-password-done');

  await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
  await signInHome(page, reset.username, chosen);
  await checkPage(page, `Welcome, ${reset.username}`, 'home-after-reset');
});

test('P1, P7: an invited teacher sets a password from the link, accepts the policies, and reaches the console', async ({
  page,
  request,
  world,
}) => {
  test.setTimeout(90_000);
  const { admin, policyTitles } = signInWorld();
  const run = Date.now().toString(36);
  const invitee = { username: `i.newton.${run}`, email: `i.newton.${run}@seacliff.example` };
  const call = await apiSignIn(request, world.baseUrl, admin, world.password);
  await call('POST', '/api/v1/users', {
    firstName: 'Isaac',
    lastName: `Newton ${run}`,
    ...invitee,
    roles: ['teacher'],
  });

  const path = consolePathOf((await newestMail(invitee.email, 'invitation')).text);
  expect(path).toMatch(/^\/set-password#token=/);
  await page.goto(path);
  await checkPage(page, 'Accept your invitation', 'invitation');
  // The two boxes must agree before anything is sent.
  const chosen = 'Apple-Orchard-Gravity-1687';
  await page.getByLabel('New password', { exact: true }).fill(chosen);
  await page.getByLabel('Confirm new password').fill(`${chosen}!`);
  await page.getByRole('button', { name: 'Activate my account' }).click();
  await expect(page.getByLabel('Confirm new password')).toHaveAccessibleDescription(
    /The two passwords are not the same\./,
  );
  await page.getByLabel('Confirm new password').fill(chosen);
  await page.getByRole('button', { name: 'Activate my account' }).click();
  await expect(page.getByRole('status')).toContainText('Your account is active.');
  await checkPage(page, 'Accept your invitation', 'invitation-done');

  // First sign-in: the current policies come first, each in full.
  await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Username or email').fill(invitee.username);
  await page.getByLabel('Password', { exact: true }).fill(chosen);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/accept-policies$/);
  for (const title of policyTitles)
    await expect(page.getByRole('heading', { level: 2, name: `${title} (version 2026-09)` })).toBeVisible();
  await checkPage(page, 'Accept the policies', 'accept-policies');
  // Not without the box ticked, said next to it.
  await page.getByRole('button', { name: 'Accept and continue' }).click();
  const agree = page.getByRole('checkbox', { name: 'I have read and accept these documents' });
  await expect(agree).toHaveAccessibleDescription(/Tick the box/);
  await checkPage(page, 'Accept the policies', 'accept-policies-unticked');
  // Nothing else opens meanwhile.
  await page.goto('/pupils');
  await expect(page).toHaveURL(/\/accept-policies$/);
  await page.getByRole('checkbox', { name: 'I have read and accept these documents' }).check();
  await page.getByRole('button', { name: 'Accept and continue' }).click();
  await expect(page).toHaveURL(/\/$/);
  await checkPage(page, `Welcome, ${invitee.username}`, 'home-after-invitation');
});

test('P4: a remembered username is filled in after signing out, from the cookie the cookie page lists', async ({
  page,
  context,
  world,
}) => {
  test.setTimeout(60_000);
  const { remember } = signInWorld();
  await signInHome(page, remember, world.password, true);
  const cookie = (await context.cookies()).find((c) => c.name === 'pt_username');
  expect(cookie, 'the username cookie').toBeDefined();
  // The username and nothing else, readable by the page, for 13 months.
  expect(cookie!.value).toBe(remember);
  expect(cookie!.httpOnly).toBe(false);
  expect(cookie!.sameSite).toBe('Strict');
  const days = (cookie!.expires * 1000 - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(390);
  expect(days).toBeLessThan(400);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByLabel('Username or email')).toHaveValue(remember);
  await expect(page.getByRole('checkbox', { name: /Remember my username/ })).toBeChecked();
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  await checkPage(page, 'Sign in', 'sign-in-remembered');

  await page.getByRole('contentinfo').getByRole('link', { name: 'Cookies' }).click();
  await expect(page.getByRole('row', { name: /^pt_username / })).toContainText('Optional (your choice)');
  await expect(page.getByRole('row', { name: /^pt_username / })).toContainText('13 months');
});

test('P5: a session ended by signing in elsewhere says so in words', async ({ page, browser, world }) => {
  // Pages checked with axe, on a machine that may be busy with the other specs.
  test.setTimeout(60_000);
  const { elsewhere } = signInWorld();
  await signInHome(page, elsewhere, world.password);

  // The same teacher signs in in another browser: the school replaces the older session.
  const other = await browser.newContext({ baseURL: world.baseUrl, locale: 'en-GB', timezoneId: 'Europe/London' });
  await signInHome(await other.newPage(), elsewhere, world.password);
  await other.close();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pupils', exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole('alert')).toHaveText(
    'You signed in somewhere else (another browser or device), so this session was ended. Sign in again to carry on here.',
  );
  await checkPage(page, 'Sign in', 'sign-in-signed-in-elsewhere');
});

test('P13: a maintenance window for the school is announced before it starts', async ({ page, request, world }) => {
  // Pages checked with axe, on a machine that may be busy with the other specs.
  test.setTimeout(60_000);
  const { maintenance } = signInWorld();
  const ops = await apiSignIn(request, world.baseUrl, maintenance.ops, world.password);
  // Within the first lead time (an hour), far enough ahead not to start during the run.
  const startsAt = new Date(Date.now() + 40 * 60_000);
  const endsAt = new Date(startsAt.getTime() + 30 * 60_000);
  const reason = `Moving the school to a new database server ${Date.now()}`;
  const window = await ops('POST', '/api/v1/ops/maintenance-windows', {
    startsAt: startsAt.toISOString(),
    endsAt: endsAt.toISOString(),
    reason,
    mode: 'read-only',
    scope: { kind: 'schools', schoolIds: [maintenance.schoolId] },
  });

  try {
    await signInHome(page, maintenance.username, world.password);
    const banner = page.getByRole('region', { name: 'Planned maintenance' });
    // The gateway hears of the window by broadcast; until it has, a fresh look shows none.
    await expect(async () => {
      await page.reload();
      await expect(banner).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
    // Said once, the times in words (the browser's zone), the reason as ops gave it.
    await expect(banner.getByRole('heading', { level: 2 })).toHaveText('Planned maintenance');
    await expect(banner).toContainText('You can still look things up, but nothing can be changed during it.');
    await expect(banner).toContainText(`Reason: ${reason}`);
    const time = (at: Date) =>
      at.toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' });
    await expect(banner).toContainText(new RegExp(`From .*${time(startsAt)} to .*${time(endsAt)}\\.`));
    await expect(banner).not.toContainText(startsAt.toISOString());
    await checkPage(page, `Welcome, ${maintenance.username}`, 'home-maintenance-warning');
  } finally {
    await ops('POST', `/api/v1/ops/maintenance-windows/${window.id as string}/cancel`, {}).catch(() => undefined);
  }
});

test('an unknown address has a page that says so, with the way back', async ({ page }) => {
  await page.goto('/no-such-page/here');
  await checkPage(page, 'Page not found', 'not-found');
  await expect(page.getByRole('main')).toContainText('There is no page at this address.');
  await page.getByRole('main').getByRole('link', { name: 'Go to the start page' }).click();
  // Nobody is signed in: the start page is the sign-in page.
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
});
