// Signing in to the console through the real platform (issue 18): each kind of user lands on
// its area, a wrong password is explained in words, the cookie page is there before anyone
// signs in, and a session that expired says so.
import { checkPage, expect, signIn, test } from './browser-world';

test('the sign-in page is what a fresh visit shows, and the cookie page is reachable before signing in', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
  await checkPage(page, 'Sign in', 'sign-in');
  await page.getByRole('contentinfo').getByRole('link', { name: 'Cookies' }).click();
  await expect(page).toHaveURL(/\/cookies$/);
  await checkPage(page, /cookies/i, 'cookies');
});

test('a wrong password is explained in words, and nothing is signed in', async ({ page, world }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Username or email').fill(world.users.admin);
  await page.getByLabel('Password', { exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(/username or password is not right/i)).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
  await checkPage(page, 'Sign in', 'sign-in-wrong-password');
});

test("a school admin signs in and sees the school's pupils", async ({ page, world }) => {
  await signIn(page, world.users.admin, world.password);
  await checkPage(page, `Welcome, ${world.users.admin}`, 'home-school-admin');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pupils', exact: true }).click();
  await expect(page).toHaveURL(/\/pupils$/);
  const list = page.getByRole('table', { name: /pupils/i });
  for (const pupil of world.pupils) await expect(list.getByText(pupil.surname, { exact: false })).toBeVisible();
  await checkPage(page, 'Pupils', 'pupils');
});

test('a teacher signs in to their school', async ({ page, world }) => {
  await signIn(page, world.users.teacher, world.password);
  await checkPage(page, `Welcome, ${world.users.teacher}`, 'home-teacher');
  await expect(page.getByText('You are signed in to your school.')).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pupils', exact: true }),
  ).toBeVisible();
});

test('an ops user signs in and reaches the live sessions', async ({ page, world }) => {
  await signIn(page, world.users.ops, world.password);
  await checkPage(page, `Welcome, ${world.users.ops}`, 'home-ops');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Pupils', exact: true })).toHaveCount(0);
  await nav.getByRole('link', { name: 'Live sessions' }).click();
  await checkPage(page, 'Live sessions', 'ops-sessions');
});

test('a finance user signs in and reaches the finance area, and only that', async ({ page, world }) => {
  await signIn(page, world.users.finance, world.password);
  await checkPage(page, `Welcome, ${world.users.finance}`, 'home-finance');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Pupils', exact: true })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Live sessions' })).toHaveCount(0);
  await nav.getByRole('link', { name: 'Finance' }).click();
  await expect(page).toHaveURL(/\/finance\/subscriptions$/);
  await expect(page.getByRole('region', { name: 'Choose a school' })).toBeVisible();
  await checkPage(page, 'Subscriptions', 'finance-subscriptions');
});

test('a session that expires while the console is open is explained on the sign-in page', async ({
  page,
  context,
  world,
}) => {
  // A teacher of its own: the other teacher test's sign-in, if it ran meanwhile, would end this session.
  await signIn(page, world.users.expiringTeacher, world.password);
  await expect(page.getByRole('heading', { level: 1, name: `Welcome, ${world.users.expiringTeacher}` })).toBeVisible();
  // The browser still holds its session cookies, but neither is any good any more: as after
  // the access token's and the refresh token's lifetimes have passed.
  const cookies = await context.cookies();
  await context.clearCookies();
  await context.addCookies(
    cookies.map((cookie) =>
      cookie.name.startsWith('__Host-pt_') ? { ...cookie, value: `${cookie.value.slice(0, 16)}expired` } : cookie,
    ),
  );
  // The next thing the teacher does needs the API: the console finds the session gone.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pupils', exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  // In words, as an alert (the exact wording for an expired token is the console's to choose).
  await expect(page.getByRole('alert')).toHaveText(/Your session has (expired|ended)\. Sign in again to carry on\./);
  await checkPage(page, 'Sign in', 'sign-in-session-expired');
});
