import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { connect } from 'nats';
import { Client } from 'pg';
import { EventEnvelope, SERVICE_NAMES, ServiceName } from '@pt/contracts';
// Files by path, not the libraries' indexes, which bring Nest and the ORM: @pt/testing's index
// stays cheap for every end-to-end file (index-load.spec.ts).
import { databaseNames, DatabaseNames } from '@pt/persistence/database-names';
import { EventNamespace } from '@pt/platform/events/event-namespace';
import { fileBucketName } from '@pt/platform/files/file-bucket-name';
import { nodeFlagsOf } from '@pt/platform/lifecycle/service-node-flags';
import { freePort } from './own-servers';
import { dropDatabaseAndRole } from './test-database';
import { templateEnvironment, testDatabaseUrl, testNatsUrl, uniqueTestName } from './test-environment';

export type StackProcess = ServiceName | 'gateway';
/** A second replica of a process is named `<process>#<n>` (e.g. `identity#2`). */
export type ReplicaName = StackProcess | `${StackProcess}#${number}`;

export interface StackOptions {
  label: string;
  /** The stack's name (database prefix and NATS namespace), when the test needs it before the start; default unique to the label. */
  name?: string;
  /** Which processes to start (default: all six). */
  processes?: StackProcess[];
  /** Extra environment for every process, or per process. */
  env?: Record<string, string>;
  envFor?: Partial<Record<StackProcess, Record<string, string>>>;
  /** Node options some flags (`--cpu-prof`) may only be given on the command line, per process. */
  nodeArgsFor?: Partial<Record<StackProcess, string[]>>;
  /** A Postgres of the test's own (own-servers.ts) instead of the machine's: one the test may stop. */
  databaseUrl?: string;
  /** A nats-server of the test's own instead of the machine's. */
  natsUrl?: string;
  /**
   * A nats-server with users (deploy/nats/permissions.conf): each process connects as the
   * user of its own name with its password here (NATS_USER / NATS_PASSWORD), and the stack's
   * own connections (events read back, clean-up) as `harness`.
   */
  natsUsers?: NatsUsers;
  /**
   * How many replicas of each process to start (default 1), the first of each first: the second of
   * identity is `identity#2`, and each gateway past the first listens on a port of its own
   * (`gatewayUrls`).
   */
  replicas?: number;
}

export interface NatsUsers {
  passwords: Partial<Record<StackProcess, string>>;
  harness: { user: string; pass: string };
}

interface Running {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

/**
 * How long a process may take to start: a whole stack starting at once on a loaded 2-core
 * machine is slow. TEST_START_TIMEOUT_MS raises it for a run on a busier machine than CI's.
 */
const START_TIMEOUT_MS = Number(process.env.TEST_START_TIMEOUT_MS) || 60_000;

/** The repository root, whether this file runs from source (jest) or from dist/ (scripts). */
const ROOT = (() => {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  throw new Error('repository root not found');
})();

/**
 * The platform as it runs in production, as real processes (built dist/), on the real
 * Postgres and NATS, isolated from every other test file and from `npm start` by a
 * database prefix and an events namespace of its own.
 */
export class TestStack {
  readonly name: string;
  readonly baseUrl: string;
  readonly databaseUrl: string;
  readonly natsUrl: string;
  private readonly running = new Map<ReplicaName, Running>();
  /** Every gateway replica's base URL, the first (`baseUrl`) first. */
  readonly gatewayUrls: string[];

  private constructor(
    private readonly options: StackOptions,
    readonly port: number,
  ) {
    this.name = options.name ?? uniqueTestName(options.label);
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.gatewayUrls = [this.baseUrl];
    this.databaseUrl = options.databaseUrl ?? testDatabaseUrl();
    this.natsUrl = options.natsUrl ?? testNatsUrl();
  }

  static async start(options: StackOptions): Promise<TestStack> {
    const stack = new TestStack(options, await freePort());
    const processes = options.processes ?? ['gateway', ...SERVICE_NAMES];
    try {
      await Promise.all(processes.map((p) => stack.startProcess(p)));
      // The further replicas once the first are up: they find their databases made and migrated,
      // and a loaded machine is not asked to boot every process at once.
      const more = Array.from({ length: (options.replicas ?? 1) - 1 }, (_, i) => i + 2);
      const gateways: string[] = [];
      await Promise.all(
        processes.flatMap((p) =>
          more.map(async (n) => {
            if (p !== 'gateway') return stack.startProcess(`${p}#${n}`);
            gateways[n] = await stack.startGatewayReplica(`gateway#${n}`);
          }),
        ),
      );
      stack.gatewayUrls.push(...gateways.filter(Boolean));
      if (processes.includes('gateway')) {
        const services = processes.filter((p): p is ServiceName => p !== 'gateway');
        await stack.waitUntil(async () => {
          const body = await stack.readiness();
          return services.every((s) => body.services?.[s] === 'up');
        }, 60_000);
      }
    } catch (error) {
      // Leave no orphan processes, databases or streams behind a failed start.
      await stack.stop().catch(() => undefined);
      throw error;
    }
    return stack;
  }

  get eventsNamespace(): string {
    return this.name;
  }

  databaseOf(service: ServiceName): DatabaseNames {
    return databaseNames(`${this.name}_`, service);
  }

  /** The owner's connection URL for a service's database (for arranging and inspecting rows). */
  ownerUrlOf(service: ServiceName): string {
    const url = new URL(this.databaseUrl);
    url.pathname = `/${this.databaseOf(service).database}`;
    return url.toString();
  }

  /** A connected owner client on a service's database; the caller ends it. */
  async connectOwner(service: ServiceName): Promise<Client> {
    const client = new Client({ connectionString: this.ownerUrlOf(service) });
    await client.connect();
    return client;
  }

  /** Runs one statement as the owner on a service's database, on a connection of its own. */
  async ownerSql<T = Record<string, unknown>>(
    service: ServiceName,
    text: string,
    params: unknown[] = [],
  ): Promise<T[]> {
    const client = await this.connectOwner(service);
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  envFor(process: StackProcess): Record<string, string> {
    return {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: this.databaseUrl,
      NATS_URL: this.natsUrl,
      DB_NAME_PREFIX: `${this.name}_`,
      DB_APP_PASSWORD: 'test-app-password',
      // The run's migrated templates (global setup): each service clones instead of migrating.
      ...templateEnvironment(),
      NATS_NAMESPACE: this.name,
      EVENTS_MAX_AGE_HOURS: '1',
      PORT: String(this.port),
      HOST: '127.0.0.1',
      SHUTDOWN_TIMEOUT_MS: '5000',
      // The gateway answers a response its API document does not describe as a 500 (issue 16).
      RESPONSE_CONFORMANCE: 'enforce',
      ...(this.options.natsUsers?.passwords[process]
        ? { NATS_USER: process, NATS_PASSWORD: this.options.natsUsers.passwords[process]! }
        : {}),
      ...this.options.env,
      ...this.options.envFor?.[process],
    };
  }

  async startProcess(replica: ReplicaName, extraEnv: Record<string, string> = {}): Promise<void> {
    if (this.running.has(replica)) throw new Error(`${replica} is already running`);
    const name = replica.split('#')[0] as StackProcess;
    const child = spawn(
      process.execPath,
      // The bundle with its launcher, as npm start and the containers run it (scripts/bundle-services.mjs).
      [...nodeFlagsOf(name), ...(this.options.nodeArgsFor?.[name] ?? []), join(ROOT, 'dist/services', `${name}.js`)],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', ...this.envFor(name), ...extraEnv },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const output: string[] = [];
    const collect = (chunk: Buffer) => output.push(...chunk.toString().split('\n').filter(Boolean));
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    const exited = once(child, 'exit').then(([code]) => code as number | null);
    this.running.set(replica, { child, output, exited });
    const notReady = (error: unknown) => {
      throw new Error(`${replica} not ready: ${(error as Error).message}\n${output.slice(-10).join('\n')}`);
    };
    if (name !== 'gateway') {
      await this.waitUntil(async () => {
        if (child.exitCode !== null) throw new Error(`${name} exited:\n${output.slice(-20).join('\n')}`);
        return output.some((line) => line.includes('"service ready"'));
      }, START_TIMEOUT_MS).catch(notReady);
    } else {
      await this.waitUntil(async () => {
        if (child.exitCode !== null) throw new Error(`gateway exited:\n${output.slice(-20).join('\n')}`);
        return fetch(`http://127.0.0.1:${extraEnv.PORT ?? this.port}/health/live`)
          .then((r) => r.ok)
          .catch(() => false);
      }, START_TIMEOUT_MS).catch(notReady);
    }
  }

  /** Another gateway replica on a port of its own, on the same bus; returns its base URL. */
  async startGatewayReplica(replica: `gateway#${number}`, extraEnv: Record<string, string> = {}): Promise<string> {
    const port = await freePort();
    await this.startProcess(replica, { ...extraEnv, PORT: String(port) });
    return `http://127.0.0.1:${port}`;
  }

  /** Sends SIGTERM and waits for the process to exit; returns its exit code. */
  async stopProcess(name: ReplicaName, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const running = this.running.get(name);
    if (!running) return null;
    running.child.kill(signal);
    const code = await running.exited;
    this.running.delete(name);
    return code;
  }

  /** The operating-system process id of a running replica (benchmarks read its CPU time). */
  pidOf(name: ReplicaName): number {
    const pid = this.running.get(name)?.child.pid;
    if (pid === undefined) throw new Error(`${name} is not running`);
    return pid;
  }

  /** The JSON log lines a process has written so far. */
  logsOf(name: ReplicaName): Record<string, unknown>[] {
    return (this.running.get(name)?.output ?? []).flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }

  /** GET /health/ready: the HTTP status, and the services named up or down in the body. */
  async readiness(): Promise<{ status: number; services?: Record<string, string>; down?: string[] }> {
    const response = await fetch(`${this.baseUrl}/health/ready`).catch(() => undefined);
    if (!response) return { status: 0 };
    const body = (await response.json()) as { services?: Record<string, string>; down?: string[] };
    return { status: response.status, services: body.services, down: body.down };
  }

  async waitUntil(check: () => Promise<boolean>, timeoutMs: number, intervalMs = 50): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await check()) return;
      if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }

  /** The durable events in the stack's stream, oldest first; only those of `subject` when given. */
  /** How the stack's own connections reach NATS (as the harness user on a server with users). */
  get natsConnectOptions(): { servers: string[]; user?: string; pass?: string } {
    // NATS_URL may list a cluster's nodes, comma-separated.
    return { servers: this.natsUrl.split(','), ...this.options.natsUsers?.harness };
  }

  async publishedEvents<T = Record<string, any>>(subject?: string): Promise<EventEnvelope<T>[]> {
    const nc = await connect(this.natsConnectOptions);
    try {
      const namespace = new EventNamespace(this.name);
      const jsm = await nc.jetstreamManager();
      const { state } = await jsm.streams.info(namespace.stream);
      const events: EventEnvelope<T>[] = [];
      for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
        // A sequence can be missing (a message removed by the stream's limits).
        const stored = await jsm.streams.getMessage(namespace.stream, { seq }).catch(() => null);
        if (!stored || (subject && namespace.canonical(stored.subject) !== subject)) continue;
        events.push(stored.json<EventEnvelope<T>>());
      }
      return events;
    } finally {
      await nc.close();
    }
  }

  /** Stops every process, then removes the stack's databases, roles, events stream and files bucket. */
  async stop(): Promise<void> {
    await Promise.all([...this.running.keys()].map((name) => this.stopProcess(name)));
    await Promise.all(SERVICE_NAMES.map((s) => dropDatabaseAndRole(this.databaseUrl, this.databaseOf(s))));
    const nc = await connect(this.natsConnectOptions);
    try {
      const jsm = await nc.jetstreamManager();
      await jsm.streams.delete(new EventNamespace(this.name).stream).catch(() => undefined);
      await jsm.streams.delete(`OBJ_${fileBucketName(this.name)}`).catch(() => undefined);
    } finally {
      await nc.close();
    }
  }
}
