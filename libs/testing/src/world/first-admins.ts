/**
 * A school's first admin the way the platform makes one: invited by the platform admin,
 * the password set from the emailed link, then signed in (worlds started with `mail: true`).
 */
import { tokenIn } from '../mailbox';
import { Reply } from './gateway-client';
import { World, WORLD_PASSWORD } from './world';

export interface SchoolAdmin {
  schoolId: string;
  userId: string;
  username: string;
  email: string;
  token: string;
}

/** Sets the password from the newest invitation to `email`. */
export async function activate(world: World, email: string, password = WORLD_PASSWORD): Promise<Reply> {
  const mail = await world.mail(email, 'invitation');
  const reply = await world.call(null, 'POST', '/api/v1/auth/set-password', { token: tokenIn(mail), password });
  if (reply.status !== 204) throw new Error(`set-password answered ${reply.status} ${reply.text}`);
  return reply;
}

/** A school made by the platform admin with its first admin `<name>.admin` invited, activated and signed in. */
export async function schoolWithAdmin(world: World, name: string): Promise<SchoolAdmin> {
  const schoolId = (await world.school({ laCode: '998' })).id;
  const username = `${name}.admin`;
  const email = `${name}.admin@school.test`;
  const created = await world.call(world.platformAdmin, 'POST', `/api/v1/platform/schools/${schoolId}/admins`, {
    firstName: 'First',
    lastName: 'Admin',
    username,
    email,
    jobTitle: 'Head teacher',
  });
  if (created.status !== 201) throw new Error(`admin not created: ${created.status} ${created.text}`);
  await activate(world, email);
  const { token } = await world.signIn(username, WORLD_PASSWORD);
  return { schoolId, userId: created.body.id, username, email, token };
}
