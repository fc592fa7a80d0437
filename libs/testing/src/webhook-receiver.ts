import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * A finance system's webhook receiver, for tests and the benchmark: it verifies each
 * request as the Standard Webhooks reference verifier does (written here from the spec,
 * not from the sender's code), answers as the test scripts it, and applies each message's
 * effect once per webhook-id, as a receiver should.
 */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

export type WebhookVerification =
  | { ok: true }
  | { ok: false; reason: 'missing_headers' | 'timestamp_too_old' | 'timestamp_too_new' | 'no_matching_signature' };

/** Verifies the three headers against the body with one secret (`whsec_…`) at `nowSeconds`. */
export function verifyStandardWebhook(
  headers: IncomingHttpHeaders | Record<string, string | undefined>,
  body: string,
  secret: string,
  nowSeconds: number,
): WebhookVerification {
  const id = one(headers['webhook-id']);
  const timestamp = one(headers['webhook-timestamp']);
  const signatures = one(headers['webhook-signature']);
  if (!id || !timestamp || !signatures || !/^\d+$/.test(timestamp)) return { ok: false, reason: 'missing_headers' };
  const sent = Number(timestamp);
  if (sent < nowSeconds - WEBHOOK_TOLERANCE_SECONDS) return { ok: false, reason: 'timestamp_too_old' };
  if (sent > nowSeconds + WEBHOOK_TOLERANCE_SECONDS) return { ok: false, reason: 'timestamp_too_new' };
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  for (const versioned of signatures.split(' ')) {
    const [version, signature] = versioned.split(',');
    if (version !== 'v1' || !signature) continue;
    const given = Buffer.from(signature, 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: 'no_matching_signature' };
}

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export interface ReceivedWebhook {
  id: string;
  timestamp: number;
  signature: string;
  body: string;
  verification: WebhookVerification;
  /** The status answered. */
  status: number;
}

export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  /** Each message's effect, applied once per webhook-id (a repeat is acknowledged and ignored). */
  readonly effects = new Map<string, unknown>();
  /** Statuses to answer next, in order; 204 once they are used up. */
  private readonly script: number[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    public secrets: string[],
    private readonly nowSeconds: () => number,
  ) {}

  /** Listens on 127.0.0.1 (a free port); verifies with any of `secrets`, against `now` (real time unless a test moves it). */
  static async start(options: { secrets?: string[]; now?: () => number } = {}): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | undefined;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const status = receiver!.take(request.headers, Buffer.concat(chunks).toString('utf8'));
        response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : `refused ${status}`);
      });
    });
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    receiver = new WebhookReceiver(
      server,
      `http://127.0.0.1:${port}/hooks`,
      options.secrets ?? [],
      options.now ?? (() => Math.floor(Date.now() / 1000)),
    );
    return receiver;
  }

  /** The next requests are answered with these statuses (e.g. [500, 503]), then 204 again. */
  answerNext(...statuses: number[]): void {
    this.script.push(...statuses);
  }

  /** The requests that verified, in order. */
  get verified(): ReceivedWebhook[] {
    return this.received.filter((r) => r.verification.ok);
  }

  /** Resolves once `count` requests have arrived in all (or rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs = 10_000): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`receiver had ${this.received.length} of ${count} requests`)),
        timeoutMs,
      );
      this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  private take(headers: IncomingHttpHeaders, body: string): number {
    const now = this.nowSeconds();
    const results = this.secrets.map((secret) => verifyStandardWebhook(headers, body, secret, now));
    const verification =
      results.find((r) => r.ok) ?? results[0] ?? ({ ok: false, reason: 'no_matching_signature' } as const);
    // A request that does not verify is refused whatever the script says: 401, as a real receiver would.
    const status = verification.ok ? (this.script.shift() ?? 204) : 401;
    const id = one(headers['webhook-id']) ?? '';
    if (verification.ok && status < 300 && !this.effects.has(id)) this.effects.set(id, JSON.parse(body));
    this.received.push({
      id,
      timestamp: Number(one(headers['webhook-timestamp'])),
      signature: one(headers['webhook-signature']) ?? '',
      body,
      verification,
      status,
    });
    this.waiters = this.waiters.filter((w) => (this.received.length >= w.count ? (w.resolve(), false) : true));
    return status;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
