// What sign-in-flows.spec.ts needs beyond the shared world (issue 18): the current policy
// documents (readable before sign-in, accepted at first sign-in), the mail identity writes
// (reset and invitation links), and users of its own in schools of its own: a maintenance
// window for a school warns that school only, and a second sign-in of a user ends the first.
// Kept apart from global-setup.ts so the additions are one call there; it runs last, after
// every other seed, since it records the policies as accepted by the users seeded so far.
import type { World } from '@pt/testing';

export interface SignInWorld {
  /** Where identity writes its mail (.eml files), as libs/testing's mailbox reads it. */
  mailDir: string;
  /** A school admin who invites through the API. */
  admin: string;
  /** A teacher who resets a forgotten password. */
  reset: { username: string; email: string };
  /** A teacher who asks the sign-in page to remember their username. */
  remember: string;
  /** A teacher signed in in two browsers. */
  elsewhere: string;
  /** A teacher of a school of its own, which ops plan maintenance for; and that ops user. */
  maintenance: { username: string; schoolId: string; ops: string };
  /** The current policy documents' titles, as the list shows them. */
  policyTitles: string[];
}

const POLICIES = [
  {
    kind: 'data-processing-terms',
    title: 'Data processing terms',
    body: 'The school is the controller of its pupils’ data; the platform processes it on the school’s written instructions only.\n\nPersonal data stays in the United Kingdom.',
  },
  {
    kind: 'privacy-policy',
    title: 'Privacy policy',
    body: 'What the platform records about the staff who use it, why, and for how long.\n\nYou can ask for a copy of what is held about you.',
  },
  {
    kind: 'cookie-policy',
    title: 'Cookie policy',
    body: 'The console sets only the cookies it needs to keep you signed in securely, and one that remembers your username if you ask it to.',
  },
];

export async function seedSignIn(world: World): Promise<SignInWorld> {
  if (!world.mailDir) throw new Error('the browser world must start with mail: true');
  const school = await world.school({ signed: true, name: 'Seacliff Primary' });
  const admin = await world.staff(school, ['school-admin'], { username: 'browser.signin.admin', signIn: false });
  const reset = await world.staff(school, ['teacher'], { username: 'browser.signin.reset', signIn: false });
  const remember = await world.staff(school, ['teacher'], { username: 'browser.signin.remember', signIn: false });
  const elsewhere = await world.staff(school, ['teacher'], { username: 'browser.signin.elsewhere', signIn: false });
  const maintained = await world.school({ signed: true, name: 'Dunmore Infants' });
  const maintenance = await world.staff(maintained, ['teacher'], {
    username: 'browser.signin.maintenance',
    signIn: false,
  });
  const ops = await world.staff(null, ['ops'], { username: 'browser.signin.ops', signIn: false });
  for (const policy of POLICIES) {
    const published = await world.call(world.platformAdmin, 'POST', '/api/v1/platform/policy-documents', {
      ...policy,
      version: '2026-09',
    });
    if (published.status !== 201) throw new Error(`policy publication answered ${published.status} ${published.text}`);
  }
  // Every staff account so far accepted these when it first signed in: the other specs are
  // about other pages (their sign-in helper still accepts any that are pending). Only the
  // user this spec invites meets them at first sign-in.
  await world.sql(
    'identity',
    `insert into policy_acceptance (id, tenant_id, user_id, document_id, kind, version, accepted_at)
     select gen_random_uuid(), u.tenant_id, u.id, d.id, d.kind, d.version, now()
       from user_account u cross join policy_document d where u.kind = 'staff'`,
  );

  return {
    mailDir: world.mailDir,
    admin: admin.username,
    reset: { username: reset.username, email: reset.email },
    remember: remember.username,
    elsewhere: elsewhere.username,
    maintenance: { username: maintenance.username, schoolId: maintained.id, ops: ops.username },
    policyTitles: POLICIES.map((policy) => policy.title),
  };
}

export function signInWorld(): SignInWorld {
  const seeded = process.env.SIGNIN_WORLD;
  if (!seeded) throw new Error('SIGNIN_WORLD is not set: run through playwright.config.ts (its global setup seeds it)');
  return JSON.parse(seeded) as SignInWorld;
}
