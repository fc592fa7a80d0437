import { definePattern, MessageContext } from '@pt/contracts';
import { uniqueTestName } from '@pt/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { AddressInfo, createServer } from 'node:net';
import { Events, NatsConnection } from 'nats';
import { BusClient } from './bus-client';
import { BusException } from './bus-exception';
import { connectNats } from './nats-connection';
import { SubjectNamespace } from './subject-namespace';
import { encodeJson } from './wire';

const PING = definePattern<Record<string, never>, { pong: true }>(
  `${uniqueTestName('link').replace(/_/g, '-')}.ping.run`,
);
const ctx: MessageContext = {
  tenantId: null,
  actor: { id: null, kind: 'system', roles: [] },
  requestId: 'r',
  ip: null,
};
const TIMEOUT_MS = 5000;

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** A nats-server of this test's own on `port` (never the machine's shared one), ready to take connections. */
async function startNatsServer(port: number): Promise<ChildProcess> {
  const child = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nats-server not ready:\n${output}`)), 10_000);
    const read = (chunk: Buffer) => {
      output += String(chunk);
      if (output.includes('Server is ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', () => reject(new Error(`nats-server exited:\n${output}`)));
  });
  return child;
}

async function stopNatsServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** Resolves at the connection's next status event of this type. */
function next(nc: NatsConnection, type: Events): Promise<void> {
  return (async () => {
    for await (const status of nc.status()) if (status.type === type) return;
  })();
}

describe('a bus client that has lost NATS', () => {
  let port: number;
  let server: ChildProcess;
  let nc: NatsConnection;
  let bus: BusClient;

  beforeAll(async () => {
    port = await freePort();
    server = await startNatsServer(port);
    nc = await connectNats({ servers: [`nats://127.0.0.1:${port}`], name: 'lost-link-spec' });
    const namespace = new SubjectNamespace();
    nc.subscribe(namespace.wire(PING.subject), {
      callback: (_error, message) => message.respond(encodeJson({ ok: true, data: { pong: true } })),
    });
    bus = new BusClient(nc, TIMEOUT_MS, namespace);
  });

  afterAll(async () => {
    await nc?.close().catch(() => undefined);
    if (server) await stopNatsServer(server);
  });

  it('fails at once with 503 bus.unavailable and a retry hint, instead of waiting out the timeout, and recovers', async () => {
    expect(await bus.request(PING, ctx, {})).toEqual({ pong: true });

    const disconnected = next(nc, Events.Disconnect);
    await stopNatsServer(server);
    await disconnected;

    const started = Date.now();
    const refusal = await bus.request(PING, ctx, {}).catch((error: unknown) => error);
    const waitedMs = Date.now() - started;
    expect(refusal).toBeInstanceOf(BusException);
    expect((refusal as BusException).body).toMatchObject({
      kind: 'unavailable',
      code: 'bus.unavailable',
      details: { retryAfterSeconds: 2 },
    });
    // Without a round trip: a tenth of the timeout leaves room for a loaded machine's pauses.
    expect(waitedMs).toBeLessThan(TIMEOUT_MS / 10);

    const reconnected = next(nc, Events.Reconnect);
    server = await startNatsServer(port);
    await reconnected;
    expect(await bus.request(PING, ctx, {})).toEqual({ pong: true });
  }, 30_000);
});
