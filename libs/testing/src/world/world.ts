/**
 * The one test world of the end-to-end suites: a stack of real processes (TestStack), the
 * platform admin signed in, schools and staff made the way the platform makes them, one
 * way to call the gateway, one to send straight over the bus, the events the stack
 * published, SQL on a service's database as its owner, mail written by identity, and the
 * test clock. Every suite in test/ starts one, uses it, and stops it.
 */
import { Algorithm, hash } from '@node-rs/argon2';
import {
  EventEnvelope,
  MessageContext,
  MessagePattern,
  ReplyOf,
  RequestOf,
  ServiceName,
  TEST_CLOCK_SUBJECT,
} from '@pt/contracts';
// Files by path, not @pt/platform's index, which brings Nest and the ORM (index-load.spec.ts).
import { EventNamespace } from '@pt/platform/events/event-namespace';
import { SubjectNamespace } from '@pt/platform/bus/subject-namespace';
import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, headers as natsHeaders, JSONCodec, NatsConnection, RequestStrategy } from 'nats';
import { Client } from 'pg';
import { Mail, mailsTo } from '../mailbox';
import { NatsUsers, StackProcess, TestStack } from '../stack';
import { BrowserClient, Caller, CallOptions, gatewayCall, Reply } from './gateway-client';
import { newPupil } from './pupil-fields';

/** The password hash identity itself writes (OWASP's argon2id parameters), so sign-in never rehashes. */
const OWASP_ARGON2 = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const WORLD_PLATFORM_ADMIN = { login: 'world.admin@platform.test', password: 'Harbour-Lantern-Admin-1' };
/** The password every account the world makes has unless told otherwise. */
export const WORLD_PASSWORD = 'Kestrel-Moor-2026';

export interface WorldOptions {
  label: string;
  /** The stack's name (database prefix and NATS namespace; `uniqueTestName`), when the test needs it before the start. */
  name?: string;
  /** Which processes to start (default: all six). */
  processes?: StackProcess[];
  /** Replicas of each process, started at once (default 1; see StackOptions.replicas). */
  replicas?: number;
  /** Extra environment for every process, or per process. */
  env?: Record<string, string>;
  envFor?: Partial<Record<StackProcess, Record<string, string>>>;
  /** Node flags per process that only the command line takes (`--cpu-prof` for a benchmark's profile). */
  nodeArgsFor?: Partial<Record<StackProcess, string[]>>;
  /** Identity writes its mail as .eml files into a directory of the world's (read with `mails`). */
  mail?: boolean;
  /** Where `mail` and `mails` read (default: identity's MAIL_DIR): an SMTP inbox's directory, for suites of delivery. */
  readMailFrom?: string;
  /**
   * The bootstrapped platform admin's credentials (default WORLD_PLATFORM_ADMIN), signed in
   * at start. false: no platform admin at all (the sign-in suites count every sign-in), and
   * `school()` arranges schools as identity's owner instead of through the platform routes.
   */
  admin?: { login: string; password: string } | false;
  /** Default true; false bootstraps the platform admin without signing it in (no session of its own in the suite's counts). */
  signInAdmin?: boolean;
  /** A Postgres the test started itself (OwnPostgres), for suites that stop it; default the machine's. */
  databaseUrl?: string;
  /** A nats-server the test started itself (OwnNatsServer); default the machine's. */
  natsUrl?: string;
  /** Users on a nats-server that has them: each process's password and the harness's own user. */
  natsUsers?: NatsUsers;
}

/** Someone signed in through the gateway. */
export interface SignedIn {
  token: string;
  refreshToken?: string;
  id?: string;
}

export interface School {
  id: string;
  name: string;
  laCode: string;
  establishmentNumber: string;
}

export interface SchoolOptions {
  /** Its data processing terms recorded by the platform admin (P11); default false. */
  signed?: boolean;
  name?: string;
  laCode?: string;
  establishmentNumber?: string;
  /** Settings a school admin would otherwise set through the routes, written as identity's owner. */
  passwordPolicy?: Record<string, number>;
  concurrentSessions?: 'allow' | 'replace' | 'refuse';
}

export interface Staff extends SignedIn {
  id: string;
  schoolId: string | null;
  username: string;
  email: string;
  password: string;
  roles: string[];
}

export interface StaffOptions {
  username?: string;
  password?: string;
  /** Default `<username>@school.test` (or `@platform.test`). */
  email?: string;
  firstName?: string;
  lastName?: string;
  /** Platform accounts only: security training recorded (default true). */
  trained?: boolean;
  classGroupIds?: string[] | null;
  /** Default true: signed in through the gateway (`token` set); false leaves `token` empty. */
  signIn?: boolean;
  /** Sign-in from this address (X-Forwarded-For). */
  ip?: string;
}

/** What the suites assert of a durable event: its subject, school and data. */
export interface EventFacts {
  subject: string;
  tenantId: string | null;
  data: Record<string, any>;
}

export interface PublishedEvent<T = Record<string, any>> extends EventEnvelope<T> {}

let worldSerial = 0;

export class World {
  readonly platformAdmin: SignedIn;
  readonly mailDir?: string;
  private readonly owners = new Map<ServiceName, Promise<Client>>();
  private nats?: Promise<NatsConnection>;
  private schools = 0;
  private accounts = 0;
  private readonly serial = ++worldSerial;

  private constructor(
    readonly stack: TestStack,
    private readonly options: WorldOptions,
    platformAdmin: SignedIn,
    mailDir: string | undefined,
  ) {
    this.platformAdmin = platformAdmin;
    this.mailDir = mailDir;
  }

  /** Boots the stack (all six processes unless told) and signs the platform admin in when the gateway and identity run. */
  static async start(options: WorldOptions): Promise<World> {
    const admin = options.admin === false ? null : (options.admin ?? WORLD_PLATFORM_ADMIN);
    const mailDir = options.mail ? mkdtempSync(join(tmpdir(), `pt-mail-${options.label}-`)) : undefined;
    const stack = await TestStack.start({
      label: options.label,
      name: options.name,
      processes: options.processes,
      replicas: options.replicas,
      env: options.env,
      databaseUrl: options.databaseUrl,
      natsUrl: options.natsUrl,
      natsUsers: options.natsUsers,
      nodeArgsFor: options.nodeArgsFor,
      envFor: {
        ...options.envFor,
        identity: {
          ...(admin ? { BOOTSTRAP_ADMIN_EMAIL: admin.login, BOOTSTRAP_ADMIN_PASSWORD: admin.password } : {}),
          ...(mailDir ? { MAIL_DIR: mailDir, PUBLIC_APP_URL: 'https://app.pupil-tracking.test' } : {}),
          ...options.envFor?.identity,
        },
      },
    });
    let platformAdmin: SignedIn = { token: '' };
    const gatewayAndIdentity =
      !options.processes || (options.processes.includes('gateway') && options.processes.includes('identity'));
    if (admin && gatewayAndIdentity && options.signInAdmin !== false) {
      try {
        platformAdmin = await signInAt(stack.baseUrl, admin.login, admin.password);
      } catch (error) {
        // Leave no processes, databases or streams behind a failed start.
        await stack.stop().catch(() => undefined);
        throw error;
      }
    }
    return new World(stack, options, platformAdmin, mailDir);
  }

  get baseUrl(): string {
    return this.stack.baseUrl;
  }

  /** One request through the gateway: a plain body is sent as JSON, bytes, strings and streams as they are. */
  call<T = any>(
    caller: Caller,
    method: string,
    path: string,
    body?: unknown,
    options?: CallOptions,
  ): Promise<Reply<T>> {
    return gatewayCall<T>(this.stack.baseUrl, caller, method, path, body, options);
  }

  /** Signs in through the gateway (bearer tokens); throws unless it answers 200. */
  signIn(login: string, password: string, options: CallOptions = {}): Promise<SignedIn> {
    return signInAt(this.stack.baseUrl, login, password, options);
  }

  /** A school made by the platform admin through the platform routes; `signed`: its data processing terms recorded (P11). */
  async school(options: SchoolOptions = {}): Promise<School> {
    const n = ++this.schools;
    const laCode = options.laCode ?? '801';
    const establishmentNumber = options.establishmentNumber ?? String(2000 + this.serial * 100 + n);
    const name = options.name ?? `World School ${this.serial}.${n}`;
    if (!this.platformAdmin.token) return this.arrangeSchool({ ...options, name, laCode, establishmentNumber });
    const created = await this.call(this.platformAdmin, 'POST', '/api/v1/platform/schools', {
      name,
      laCode,
      establishmentNumber,
      address: { line1: '1 School Lane', town: 'Testbury', postcode: 'TE1 1ST' },
      contact: { name: 'Office', email: `office${n}@school.test` },
    });
    if (created.status !== 201) throw new Error(`school creation answered ${created.status} ${created.text}`);
    const school: School = { id: created.body.id, name, laCode, establishmentNumber };
    if (options.signed) await this.sign(school);
    if (options.passwordPolicy || options.concurrentSessions) {
      await this.sql(
        'identity',
        `update school set password_policy = coalesce($2::jsonb, password_policy),
                           concurrent_sessions = coalesce($3, concurrent_sessions) where id = $1`,
        [
          school.id,
          options.passwordPolicy ? JSON.stringify(options.passwordPolicy) : null,
          options.concurrentSessions ?? null,
        ],
      );
    }
    return school;
  }

  /** A school row written as identity's owner, for worlds without a platform admin (no one could make it through the routes). */
  private async arrangeSchool(options: SchoolOptions & Omit<School, 'id'>): Promise<School> {
    const id = randomUUID();
    await this.sql(
      'identity',
      `insert into school (id, name, la_code, establishment_number, address_line1, address_town, address_postcode,
                           contact_name, contact_email, status, password_policy, concurrent_sessions)
       values ($1, $2, $3, $4, '1 High Street', 'Testbury', 'TE1 1ST', 'Office', 'office@school.test', 'active', $5, $6)`,
      [
        id,
        options.name,
        options.laCode,
        options.establishmentNumber,
        options.passwordPolicy ? JSON.stringify(options.passwordPolicy) : null,
        options.concurrentSessions ?? 'replace',
      ],
    );
    if (options.signed) throw new Error('a world without a platform admin cannot sign data processing terms');
    return { id, name: options.name, laCode: options.laCode, establishmentNumber: options.establishmentNumber };
  }

  /** Records a school's data processing terms (P11) as the platform admin. */
  async sign(school: School | string, signedAt = new Date(Date.now() - 60_000).toISOString()): Promise<void> {
    const id = typeof school === 'string' ? school : school.id;
    const signed = await this.call(
      this.platformAdmin,
      'POST',
      `/api/v1/platform/schools/${id}/data-processing-signature`,
      {
        signedByName: 'A. Head',
        signedByRole: 'Headteacher',
        termsVersion: '2026-09',
        signedAt,
      },
    );
    if (signed.status !== 200) throw new Error(`signature answered ${signed.status} ${signed.text}`);
    // pupil-records learns of the signature from identity's durable events (the school's creation first, then
    // the signature): between the two it would refuse the school's pupils with 409, so a test could race it.
    if (this.options.processes && !this.options.processes.includes('pupil-records')) return;
    const allowed = async () =>
      (
        await this.sql<{ allowed: boolean }>(
          'pupil-records',
          'select data_processing_allowed as allowed from school_status where tenant_id = $1',
          [id],
        )
      )[0]?.allowed === true;
    await this.until(allowed, 15_000, 20).catch(() => {
      throw new Error(`pupil-records did not hear of school ${id}'s signature within 15 s`);
    });
  }

  /**
   * An active staff account of a school (or, with school null, of the platform) with these
   * roles, arranged as identity's owner, then signed in through the gateway.
   */
  async staff(
    school: School | string | null,
    roles: string[] = ['school-admin'],
    options: StaffOptions = {},
  ): Promise<Staff> {
    const schoolId = school === null ? null : typeof school === 'string' ? school : school.id;
    const id = randomUUID();
    const n = ++this.accounts;
    const username = options.username ?? `${this.options.label}.${schoolId ? 'staff' : roles[0]}${n}`;
    const email = options.email ?? `${username}@${schoolId ? 'school' : 'platform'}.test`;
    const password = options.password ?? WORLD_PASSWORD;
    await this.sql(
      'identity',
      `insert into user_account (id, tenant_id, kind, username, email, first_name, last_name, password_hash, roles,
                                 status, class_group_ids, security_training_completed_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'active', $10, case when $11 then now() end)`,
      [
        id,
        schoolId,
        schoolId ? 'staff' : 'platform',
        username,
        email,
        options.firstName ?? 'Test',
        options.lastName ?? 'User',
        await hash(password, OWASP_ARGON2),
        roles,
        options.classGroupIds ?? null,
        schoolId === null && options.trained !== false,
      ],
    );
    const staff: Staff = { id, token: '', schoolId, username, email, password, roles };
    if (options.signIn === false) return staff;
    const tokens = await this.signIn(username, password, options.ip ? { ip: options.ip } : {});
    return { ...staff, ...tokens, id };
  }

  /**
   * An account the sign-in suites sign in with themselves: arranged as identity's owner,
   * not signed in; Alex Teacher (a teacher) in a school, or Pat Ops on the platform (school
   * null, training recorded), unless told.
   */
  account(
    school: School | string | null,
    password: string,
    options: StaffOptions & { roles?: string[] } = {},
  ): Promise<Staff> {
    const platform = school === null;
    const roles = options.roles ?? (platform ? ['ops'] : ['teacher']);
    const tag = randomUUID().slice(0, 8);
    return this.staff(school, roles, {
      username: platform ? `${roles[0]}.${tag}` : `staff.${tag}`,
      firstName: platform ? 'Pat' : 'Alex',
      lastName: platform ? 'Ops' : 'Teacher',
      ...options,
      password,
      signIn: false,
    });
  }

  /** A browser's view of the gateway: requests answered with the fetch API's Response, cookies as sent. */
  browser(): BrowserClient {
    return new BrowserClient(this.stack.baseUrl);
  }

  /** A pupil added through the register's route by `by` (fields from `newPupil` unless given); returns the created view. */
  async pupil<T = any>(by: Caller, fields: Record<string, unknown> = {}): Promise<T & { id: string }> {
    const created = await this.call(by, 'POST', '/api/v1/pupils', newPupil(fields));
    if (created.status !== 201) throw new Error(`pupil creation answered ${created.status}: ${created.text}`);
    return created.body;
  }

  /** P18: restricts processing of a pupil through the register's route, as a parent contesting its accuracy would ask. */
  async restrict(by: Caller, pupilId: string): Promise<void> {
    const restricted = await this.call(by, 'POST', `/api/v1/pupils/${pupilId}/restrictions`, {
      kind: 'restriction',
      requestedBy: 'parent',
      reason: 'Accuracy contested',
    });
    if (restricted.status !== 201) throw new Error(`restriction answered ${restricted.status}: ${restricted.text}`);
  }

  /** A class group made through its route by `by`; returns its id. */
  async classGroup(by: Caller, name: string, fields: Record<string, unknown> = {}): Promise<string> {
    const created = await this.call(by, 'POST', '/api/v1/class-groups', { name, ...fields });
    if (created.status !== 201) throw new Error(`class group creation answered ${created.status}: ${created.text}`);
    return created.body.id as string;
  }

  /** One request straight over the bus to a service (past the gateway), with this context; throws a BusException on refusal. */
  async send<P extends MessagePattern<unknown, unknown>>(
    pattern: P,
    data: RequestOf<P>,
    ctx: Partial<MessageContext> & Pick<MessageContext, 'actor'>,
    timeoutMs = 10_000,
  ): Promise<ReplyOf<P>> {
    // Loaded when first used: it brings Nest's decorators (index-load.spec.ts).
    const { BusClient: Bus } = await import('@pt/platform/bus/bus-client');
    const bus = new Bus(await this.bus(), timeoutMs, new SubjectNamespace(this.stack.eventsNamespace));
    return bus.request(pattern, { tenantId: null, requestId: randomUUID(), ip: null, ...ctx }, data);
  }

  /** Publishes durable events into the stack's stream as a producer's outbox relay would (`msgId` defaults to the event id). */
  async publish(
    events: EventEnvelope[],
    msgId: (event: EventEnvelope, index: number) => string = (event) => event.id,
  ): Promise<void> {
    const namespace = new EventNamespace(this.stack.eventsNamespace);
    const js = (await this.bus()).jetstream();
    for (const [index, event] of events.entries()) {
      const h = natsHeaders();
      h.set('Nats-Msg-Id', msgId(event, index));
      await js.publish(namespace.wire(event.subject), JSON.stringify(event), { headers: h });
    }
  }

  /**
   * The durable events the stack published, oldest first: all, those of one subject, or
   * those under a prefix ending in '.' (e.g. `evt.pupil-records.`). With `until`, waits
   * (up to 10 s) until it holds for them.
   */
  async published<T = Record<string, any>>(
    subject?: string,
    until?: (events: PublishedEvent<T>[]) => boolean,
  ): Promise<PublishedEvent<T>[]> {
    const read = async () => {
      if (subject && subject.endsWith('.')) {
        return (await this.stack.publishedEvents<T>()).filter((event) => event.subject.startsWith(subject));
      }
      return this.stack.publishedEvents<T>(subject);
    };
    if (!until) return read();
    let events: PublishedEvent<T>[] = [];
    await this.stack.waitUntil(
      async () => {
        events = await read();
        return until(events);
      },
      10_000,
      100,
    );
    return events;
  }

  /**
   * The subject, school and data of each durable event of one subject, oldest first, once
   * `until` holds for them (default: at least one; waits up to 10 s).
   */
  async eventsOf(
    subject: string,
    until: (events: EventFacts[]) => boolean = (events) => events.length > 0,
  ): Promise<EventFacts[]> {
    let events: EventFacts[] = [];
    await this.stack.waitUntil(
      async () => {
        events = (await this.stack.publishedEvents(subject)).map(({ tenantId, data }) => ({ subject, tenantId, data }));
        return until(events);
      },
      10_000,
      100,
    );
    return events;
  }

  /** How many events of each subject the stack's stream holds (counts only, without reading the messages). */
  async eventCounts(): Promise<Record<string, number>> {
    const namespace = new EventNamespace(this.stack.eventsNamespace);
    const jsm = await (await this.bus()).jetstreamManager();
    const info = await jsm.streams.info(namespace.stream, { subjects_filter: '>' });
    const counts: Record<string, number> = {};
    for (const [subject, count] of Object.entries(info.state.subjects ?? {})) {
      counts[namespace.canonical(subject)] = count;
    }
    return counts;
  }

  /** SQL on a service's database as its owner (not bound by row security): to arrange what no route does, and to check what is stored. */
  async sql<T = any>(service: ServiceName, text: string, params: unknown[] = []): Promise<T[]> {
    let owner = this.owners.get(service);
    if (!owner) {
      const connecting = this.stack.connectOwner(service).then((client) => {
        // A fault suite may restart the database: the next statement connects again.
        client.on('error', () => {
          if (this.owners.get(service) === connecting) this.owners.delete(service);
        });
        return client;
      });
      owner = connecting;
      this.owners.set(service, owner);
    }
    return (await (await owner).query(text, params)).rows as T[];
  }

  /** The mail identity wrote to `to` of a kind (with `mail: true`), oldest first. */
  mails(to: string, kind: string): Mail[] {
    const dir = this.options.readMailFrom ?? this.mailDir;
    if (!dir) throw new Error('this world was started without mail: true');
    return mailsTo(dir, to, kind);
  }

  /** Waits (up to 5 s) for the newest message of a kind to an address once more than `after` have arrived. */
  async mail(to: string, kind: string, after = 0): Promise<Mail> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const found = this.mails(to, kind);
      if (found.length > after) return found[found.length - 1];
      if (Date.now() > deadline) throw new Error(`no ${kind} mail to ${to} within 5 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * Moves the clock of every process of the stack to real time + offsetMs (NODE_ENV=test
   * only) and waits until `processes` of them (default: those the world started) confirm.
   */
  async setClock(offsetMs: number, processes = (this.options.processes ?? []).length || 6): Promise<void> {
    const codec = JSONCodec();
    const replies = await (
      await this.bus()
    ).requestMany(`${this.stack.name}.${TEST_CLOCK_SUBJECT}`, codec.encode({ offsetMs }), {
      strategy: RequestStrategy.Count,
      maxMessages: processes,
      maxWait: 3000,
    });
    let confirmed = 0;
    for await (const reply of replies) {
      if ((codec.decode(reply.data) as { offsetMs: number }).offsetMs === offsetMs) confirmed += 1;
    }
    if (confirmed !== processes) throw new Error(`clock moved on ${confirmed} of ${processes} processes`);
  }

  /** Polls `check` until it holds (default 10 s). */
  until(check: () => Promise<boolean>, timeoutMs = 10_000, intervalMs = 50): Promise<void> {
    return this.stack.waitUntil(check, timeoutMs, intervalMs);
  }

  /** The world's own NATS connection (closed by `stop`). */
  bus(): Promise<NatsConnection> {
    this.nats ??= connect(this.stack.natsConnectOptions);
    return this.nats;
  }

  /** Stops every process and removes the stack's databases, stream, files bucket and mail. */
  async stop(): Promise<void> {
    await Promise.all(
      [...this.owners.values()].map(async (owner) =>
        (await owner.catch(() => undefined))?.end().catch(() => undefined),
      ),
    );
    if (this.nats) await (await this.nats.catch(() => undefined))?.close().catch(() => undefined);
    await this.stack.stop();
    if (this.mailDir) rmSync(this.mailDir, { recursive: true, force: true });
  }
}

async function signInAt(
  baseUrl: string,
  login: string,
  password: string,
  options: CallOptions = {},
): Promise<SignedIn> {
  const reply = await gatewayCall(baseUrl, null, 'POST', '/api/v1/auth/sign-in', { login, password }, options);
  if (reply.status !== 200) throw new Error(`sign-in answered ${reply.status}: ${reply.text}`);
  return { token: reply.body.accessToken, refreshToken: reply.body.refreshToken };
}
