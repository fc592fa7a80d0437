// Starts the real platform for the browser tests: built dist/ (and the console, which
// scripts/build.mjs builds when its sources changed), the six processes on their own
// databases and NATS namespace (libs/testing's World, as the end-to-end suites start it),
// one school with pupils, a user of each kind, the current policy documents, and identity's
// mail written to a directory the tests read (reset and invitation links). The tests find them in BROWSER_WORLD.
import type { FullConfig } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BrowserWorld } from './browser-world';
import { seedFinance } from './finance-world';
import { seedSignIn } from './signin-world';
import { seedTracking } from './tracking-world';
import { seedUsers } from './users-world';

const ROOT = resolve(__dirname, '../..');

export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
  if (!existsSync(join(ROOT, 'dist/console/index.html')))
    throw new Error('the console was not built into dist/console');
  // The pages under test are the production build: React's development build (bundled when a
  // caller's NODE_ENV leaked into Vite) is larger and slower, and is not what schools get.
  const entry = /src="\/(assets\/index-[^"]+\.js)"/.exec(readFileSync(join(ROOT, 'dist/console/index.html'), 'utf8'));
  if (
    !entry ||
    readFileSync(join(ROOT, 'dist/console', entry[1]), 'utf8').includes(
      'is deprecated in plain JavaScript React classes',
    )
  )
    throw new Error("dist/console holds React's development build: rebuild it with `npm run build:console`");
  // The compiled harness (plain node, aliases resolved), not its TypeScript: the harness's
  // decorators and path aliases are SWC's business, not Playwright's transform's.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { World, WORLD_PASSWORD } = require(
    join(ROOT, 'dist/libs/testing/src/index.js'),
  ) as typeof import('@pt/testing');
  const started = Date.now();
  const world = await World.start({ label: 'browser', mail: true });
  try {
    // Cookie sign-in is only accepted from the console's own origin (login CSRF), which is
    // known once the stack has its port: the gateway is restarted with it.
    const origin = new URL(world.baseUrl);
    await world.stack.stopProcess('gateway');
    await world.stack.startProcess('gateway', {
      ALLOWED_ORIGINS: `http://127.0.0.1:${origin.port},http://localhost:${origin.port}`,
    });

    const school = await world.school({ signed: true, name: 'Harbourside Academy' });
    const admin = await world.staff(school, ['school-admin'], {
      username: 'browser.admin',
      firstName: 'Morgan',
      lastName: 'Admin',
    });
    // The audit and rights spec's own admin: its sign-in does not replace the shared admin's session.
    const auditAdmin = await world.staff(school, ['school-admin'], { username: 'browser.admin.audit', signIn: false });
    const teacher = await world.staff(school, ['teacher'], { username: 'browser.teacher', signIn: false });
    const analysis = await world.staff(school, ['senior-leader'], { username: 'browser.analysis', signIn: false });
    const ops = await world.staff(null, ['ops'], { username: 'browser.ops', signIn: false });
    const finance = await world.staff(null, ['finance'], { username: 'browser.finance', signIn: false });
    // A sign-in ends the user's other sessions: specs that may run at once each sign in as their own.
    const gridAdmin = await world.staff(school, ['school-admin'], { username: 'browser.admin.grid', signIn: false });
    const importAdmin = await world.staff(school, ['school-admin'], {
      username: 'browser.admin.import',
      signIn: false,
    });
    const opsWalk = await world.staff(null, ['ops'], { username: 'browser.ops.walk', signIn: false });
    const opsSchoolAdmin = await world.staff(school, ['school-admin'], {
      username: 'browser.admin.ops',
      signIn: false,
    });
    const expiringTeacher = await world.staff(school, ['teacher'], {
      username: 'browser.teacher.expiring',
      signIn: false,
    });
    const pupils = [
      await world.pupil(admin, { legalForename: 'Amira', legalSurname: 'Khan' }),
      await world.pupil(admin, { legalForename: 'Oliver', legalSurname: 'Bennett' }),
      await world.pupil(admin, { legalForename: 'Priya', legalSurname: 'Sharma', yearGroup: '8' }),
    ];
    const seeded: BrowserWorld = {
      baseUrl: world.baseUrl,
      password: WORLD_PASSWORD,
      school: { id: school.id, name: school.name },
      users: {
        admin: admin.username,
        teacher: teacher.username,
        analysis: analysis.username,
        ops: ops.username,
        finance: finance.username,
        auditAdmin: auditAdmin.username,
        gridAdmin: gridAdmin.username,
        importAdmin: importAdmin.username,
        opsWalk: opsWalk.username,
        opsSchoolAdmin: opsSchoolAdmin.username,
        expiringTeacher: expiringTeacher.username,
      },
      pupils: pupils.map((pupil) => ({ id: pupil.id, forename: pupil.legalForename, surname: pupil.legalSurname })),
    };
    // Environment set here reaches the test workers.
    process.env.BROWSER_WORLD = JSON.stringify(seeded);
    process.env.FINANCE_WORLD = JSON.stringify(await seedFinance(world, school.id));
    process.env.TRACKING_WORLD = JSON.stringify(await seedTracking(world));
    process.env.USERS_WORLD = JSON.stringify(await seedUsers(world, school.id));
    // Last: it records the policies it publishes as accepted by every user seeded before it.
    process.env.SIGNIN_WORLD = JSON.stringify(await seedSignIn(world));
    process.stdout.write(`browser tests: platform at ${world.baseUrl} ready in ${Date.now() - started} ms\n`);
  } catch (error) {
    await world.stop().catch(() => undefined);
    throw error;
  }
  return () => world.stop();
}
