/**
 * What the import and export suites (test/pupils-import-*.e2e-spec.ts) and the import
 * benchmark share: a gateway + identity + pupil-records stack; schools made through the
 * platform routes (signed or not); an HTTP client that sends raw bodies (XML, CSV) and
 * reads raw replies; SQL on the pupil-records database as its owner; and polling an
 * import job until it ends.
 */
import { PupilImportView } from '@pt/contracts';
import { EventNamespace } from '@pt/platform';
import {
  GatewayReply as Reply,
  gatewayRequest,
  GatewayRequestOptions as CallOptions,
  insertStaffUser,
  signInThroughGateway,
  testNatsUrl,
  TestStack,
} from '@pt/testing';
import { connect } from 'nats';

export const IMPORT_ADMIN = { login: 'import.admin@platform.test', password: 'Import-Admin-Pass-12' };

export type { CallOptions, Reply };

export interface SchoolFixture {
  id: string;
  laCode: string;
  establishmentNumber: string;
  /** A school admin's token (every permission, pupils:import and pupils:export included). */
  head: string;
}

export interface ImportStack {
  stack: TestStack;
  call<T = any>(method: string, path: string, token: string, options?: CallOptions): Promise<Reply<T>>;
  sql<T = any>(text: string, params?: unknown[]): Promise<T[]>;
  /** A school with LA `laCode` and establishment `establishmentNumber`; signed unless `signed` is false. */
  school(laCode: string, establishmentNumber: string, signed?: boolean): Promise<SchoolFixture>;
  /** A staff user of a school with these roles; returns the token. */
  staff(schoolId: string, roles: string[]): Promise<string>;
  stop(): Promise<void>;
}

export async function startImportStack(label: string, env: Record<string, string> = {}): Promise<ImportStack> {
  const stack = await TestStack.start({
    label,
    processes: ['gateway', 'identity', 'pupil-records'],
    env,
    envFor: {
      identity: { BOOTSTRAP_ADMIN_EMAIL: IMPORT_ADMIN.login, BOOTSTRAP_ADMIN_PASSWORD: IMPORT_ADMIN.password },
    },
  });
  const call = <T = any>(method: string, path: string, token: string, options: CallOptions = {}) =>
    gatewayRequest<T>(stack.baseUrl, method, path, token, {
      ...options,
      contentType: options.contentType ?? 'application/xml',
    });

  const db = await stack.connectOwner('pupil-records');
  const sql = async <T = any>(text: string, params: unknown[] = []) => (await db.query(text, params)).rows as T[];

  const admin = await signInThroughGateway(stack, IMPORT_ADMIN.login, IMPORT_ADMIN.password);
  let users = 0;
  const staff = async (schoolId: string, roles: string[]) => {
    const username = `${label}.staff${++users}`;
    const password = `Import-Staff-${users}-Pass-12`;
    await insertStaffUser(stack, { tenantId: schoolId, username, password, roles });
    return signInThroughGateway(stack, username, password);
  };
  const school = async (laCode: string, establishmentNumber: string, signed = true): Promise<SchoolFixture> => {
    const created = await call('POST', '/api/v1/platform/schools', admin, {
      body: {
        name: `Import School ${laCode}/${establishmentNumber}`,
        laCode,
        establishmentNumber,
        address: { line1: '1 Lane', town: 'Town', postcode: 'TE1 1ST' },
        contact: { name: 'Office', email: 'office@import.test' },
      },
    });
    if (created.status !== 201) throw new Error(`school creation answered ${created.status}`);
    const id = created.body.id as string;
    if (signed) {
      const signature = await call('POST', `/api/v1/platform/schools/${id}/data-processing-signature`, admin, {
        body: {
          signedByName: 'A. Head',
          signedByRole: 'Headteacher',
          termsVersion: '2026-09',
          signedAt: '2026-11-20T09:30:00.000Z',
        },
      });
      if (signature.status !== 200) throw new Error(`signature answered ${signature.status}`);
    }
    return { id, laCode, establishmentNumber, head: await staff(id, ['school-admin']) };
  };

  return {
    stack,
    call,
    sql,
    school,
    staff,
    async stop() {
      await db.end();
      await stack.stop();
    },
  };
}

/** Polls an import job until it is completed or failed. */
export async function waitForImport(
  imports: ImportStack,
  token: string,
  importId: string,
  timeoutMs = 60_000,
): Promise<PupilImportView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await imports.call<PupilImportView>('GET', `/api/v1/pupil-imports/${importId}`, token);
    if (reply.status !== 200) throw new Error(`import status answered ${reply.status}`);
    if (reply.body.status === 'completed' || reply.body.status === 'failed') return reply.body;
    if (Date.now() > deadline) throw new Error(`import ${importId} still ${reply.body.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** How many events of each subject the stack's stream holds (per-subject counts, without reading the messages). */
export async function eventCounts(stack: TestStack): Promise<Record<string, number>> {
  const nc = await connect({ servers: testNatsUrl() });
  try {
    const namespace = new EventNamespace(stack.eventsNamespace);
    const jsm = await nc.jetstreamManager();
    const info = await jsm.streams.info(namespace.stream, { subjects_filter: '>' });
    const counts: Record<string, number> = {};
    for (const [subject, count] of Object.entries(info.state.subjects ?? {})) {
      counts[namespace.canonical(subject)] = count;
    }
    return counts;
  } finally {
    await nc.close();
  }
}
