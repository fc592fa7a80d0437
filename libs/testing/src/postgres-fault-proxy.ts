import type { MikroORM } from '@mikro-orm/postgresql';
import { AddressInfo, createServer, Server, Socket } from 'node:net';

/**
 * A TCP proxy in front of the test Postgres that a test can fault without touching the
 * server itself: `forward` passes connections through; `refuse` cuts every open connection
 * and stops listening (the port is closed: ECONNREFUSED, as a stopped server); `starting`
 * listens again but answers every new connection the way a starting Postgres does (FATAL
 * 57P03 cannot_connect_now). Point a service's DATABASE_URL at `url(...)`.
 */
export class PostgresFaultProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private mode: 'forward' | 'starting' = 'forward';

  private constructor(
    private readonly target: { host: string; port: number },
    private port = 0,
  ) {}

  static async start(targetUrl: string): Promise<PostgresFaultProxy> {
    const target = new URL(targetUrl);
    const proxy = new PostgresFaultProxy({ host: target.hostname, port: Number(target.port || 5432) });
    await proxy.listen();
    return proxy;
  }

  /** `databaseUrl` with its host and port replaced by the proxy's. */
  url(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  async forward(): Promise<void> {
    this.mode = 'forward';
    await this.listen();
  }

  async starting(): Promise<void> {
    this.cutConnections();
    this.mode = 'starting';
    await this.listen();
  }

  async refuse(): Promise<void> {
    this.cutConnections();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  stop(): Promise<void> {
    return this.refuse();
  }

  private async listen(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  private accept(client: Socket): void {
    this.track(client);
    if (this.mode === 'starting') {
      // Whatever the client sends first (a startup or SSL request), the answer is the FATAL a starting server gives.
      client.once('data', () => client.end(startingUpError()));
      return;
    }
    const upstream = new Socket();
    this.track(upstream);
    upstream.connect(this.target.port, this.target.host);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  private cutConnections(): void {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}

/** An ErrorResponse message: FATAL, SQLSTATE 57P03, as Postgres sends while it starts. */
function startingUpError(): Buffer {
  const fields = Buffer.concat([
    field('S', 'FATAL'),
    field('V', 'FATAL'),
    field('C', '57P03'),
    field('M', 'the database system is starting up'),
    Buffer.from([0]),
  ]);
  const header = Buffer.alloc(5);
  header.write('E', 0, 'latin1');
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}

function field(type: string, value: string): Buffer {
  return Buffer.concat([Buffer.from(type, 'latin1'), Buffer.from(value, 'utf8'), Buffer.from([0])]);
}

/**
 * Whether a service's connection pool has heard that `refuse` cut its connections: none in use,
 * and every idle one marked disposed by knex (dropped at its next acquire). The sockets' close
 * reaches Node a moment after the cut, later on a loaded machine; a request before that would
 * run on a stale connection. Reads knex's pool, which has no public way to ask.
 */
export function poolHasSeenTheCut(orm: MikroORM): boolean {
  const { pool } = orm.em.getConnection().getKnex().client as {
    pool: { numUsed(): number; free: { resource: { __knex__disposed?: unknown } }[] };
  };
  return pool.numUsed() === 0 && pool.free.every((free) => Boolean(free.resource.__knex__disposed));
}
