import { hash } from '@node-rs/argon2';
import { randomUUID } from 'node:crypto';
import { TestStack } from './stack';

/** Runs SQL as the owner on a stack's identity database (for arranging what no route creates yet). */
export async function identitySql<T = Record<string, unknown>>(
  stack: TestStack,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return stack.ownerSql<T>('identity', sql, params);
}

export interface StaffUserFixture {
  tenantId: string;
  username: string;
  password: string;
  roles?: string[];
}

/** An active staff user of a school, inserted directly; returns its id. */
export async function insertStaffUser(stack: TestStack, user: StaffUserFixture): Promise<string> {
  const id = randomUUID();
  await identitySql(
    stack,
    `insert into user_account (id, tenant_id, kind, username, email, first_name, last_name, password_hash, roles, status)
     values ($1, $2, 'staff', $3, $4, 'Test', 'User', $5, $6, 'active')`,
    [
      id,
      user.tenantId,
      user.username,
      `${user.username}@school.test`,
      await hash(user.password),
      user.roles ?? ['school-admin'],
    ],
  );
  return id;
}

/** Signs in through the gateway and returns the access token. */
export async function signInThroughGateway(stack: TestStack, login: string, password: string): Promise<string> {
  const response = await fetch(`${stack.baseUrl}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in answered ${response.status}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}
