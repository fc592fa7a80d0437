import { connect, createInbox, Events, NatsConnection } from 'nats';

export const NATS_CONNECTION = Symbol('NATS_CONNECTION');

export interface NatsConnectOptions {
  servers: string[];
  /** Shown in the server's connection list: `<service>` or `<service>:<role>`. */
  name: string;
  /** The process's own NATS user (NATS_USER / NATS_PASSWORD); none on a development NATS. */
  credentials?: { user: string; pass: string };
}

export async function connectNats({ servers, name, credentials }: NatsConnectOptions): Promise<NatsConnection> {
  const nc = await connect({
    servers,
    name,
    ...credentials,
    // A user's replies come to inboxes of its own (`_INBOX.<user>.…`), and the server lets it
    // subscribe only there: no process can listen to the answers another one asked for (the
    // gateway's sign-in replies carry tokens). Without a user, the shared `_INBOX.` as before.
    ...(credentials ? { inboxPrefix: inboxPrefixOf(credentials.user) } : {}),
    // Keep trying forever: a NATS restart must not take the service down with it.
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: true,
    timeout: 5000,
    // nats.js otherwise captures a stack trace on every request and timer; failures are
    // translated into BusException anyway, so that cost (measured ~0.2 ms a request) buys nothing.
    noAsyncTraces: true,
  });
  // Followed from the start, so that a link lost before the first request is known to be down.
  natsLinkUp(nc);
  return nc;
}

/** The inbox prefix of a NATS user: deploy/nats/permissions.conf lets it subscribe to `<prefix>.>` only. */
export function inboxPrefixOf(user: string): string {
  return `_INBOX.${user}`;
}

/**
 * A new inbox subject on the connection's own prefix (nats.js' own requests and JetStream
 * use it; a hand-made request must too, or its user may not hear the reply).
 */
export function inboxOf(nc: NatsConnection): string {
  return createInbox((nc as { options?: { inboxPrefix?: string } }).options?.inboxPrefix);
}

/** Whether a connection is up, as its status events last said. */
interface LinkState {
  up: boolean;
}

const links = new WeakMap<NatsConnection, LinkState>();

/**
 * Whether the connection can carry a message now. While nats.js reconnects it queues what
 * is sent and a request waits out its whole timeout; a caller that knows the link is down
 * answers at once instead. Followed through the connection's status events, one watcher
 * per connection however many clients share it.
 */
export function natsLinkUp(nc: NatsConnection): boolean {
  if (nc.isClosed()) return false;
  let state = links.get(nc);
  if (!state) {
    // A stand-in connection (the service harness's) has no status to follow.
    if (typeof nc.status !== 'function') return true;
    const watched: LinkState = { up: true };
    links.set(nc, watched);
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === Events.Disconnect) watched.up = false;
        else if (status.type === Events.Reconnect) watched.up = true;
      }
    })().catch(() => undefined);
    state = watched;
  }
  return state.up;
}
