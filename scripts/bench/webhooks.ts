/**
 * Webhook deliveries per second to a local receiver (issue 14, Done when), beside a floor
 * measured in the same run.
 *
 *   npm run bench:webhooks        (BENCH_MESSAGES=5000, BENCH_ROUNDS=3)
 *
 * Platform: a billing service (its own process, on the Postgres and NATS of
 * DATABASE_URL/NATS_URL, in a database and stream of its own) with one endpoint at a
 * receiver in a process of its own (webhook-receiver-process.ts); each round queues BENCH_MESSAGES messages for it in one
 * statement (as the message consumer does for an event) and times until the receiver has
 * verified them all: the dispatcher claims them (FOR UPDATE SKIP LOCKED), signs each,
 * POSTs it and records every attempt in the delivery log.
 * Floor: the same number of signed POSTs of the same bodies from this process to the same
 * receiver, 64 in flight on kept-alive sockets (what the dispatcher keeps in flight), with
 * nothing claimed or logged: what plain signed HTTP from one process costs here.
 * The receiver verifies every signature either way (the same cost on both sides).
 */
import { CREATE_WEBHOOK_ENDPOINT, MessageContext } from '@pt/contracts';
import { BusClient, SubjectNamespace } from '@pt/platform';
import { testNatsUrl, TestStack } from '@pt/testing';
import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import { cpus, loadavg } from 'node:os';
import { connect } from 'nats';
import { Client } from 'pg';
import { cpuMsOf } from './process-cpu';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const IN_FLIGHT = 64;

const FINANCE: MessageContext = {
  tenantId: null,
  actor: { id: randomUUID(), kind: 'platform', roles: ['finance'], permissions: ['finance:manage'] },
  requestId: 'bench-webhooks',
  ip: null,
};

/** A payment.recorded body of the size the platform sends. */
function bodyOf(i: number): string {
  return JSON.stringify({
    type: 'payment.recorded',
    timestamp: new Date().toISOString(),
    data: {
      paymentId: randomUUID(),
      schoolId: randomUUID(),
      amountPence: 1000 + i,
      receivedOn: '2026-10-01',
      method: 'bank_transfer',
      reference: `BACS ${i}`,
      allocations: [
        { invoiceId: randomUUID(), invoiceNumber: `INV-00001-${String(i).padStart(6, '0')}`, amountPence: 1000 + i },
      ],
      unallocatedPence: 0,
      currency: 'GBP',
    },
  });
}

async function queueMessages(db: Client, endpointId: string, count: number): Promise<void> {
  const ids = Array.from({ length: count }, () => randomUUID());
  const bodies = ids.map((_, i) => bodyOf(i));
  await db.query(
    `with m as (
       insert into webhook_message (id, event_type, occurred_at, school_id, body, created_at)
       select id, 'payment.recorded', now(), null, body, now() from unnest($1::uuid[], $2::text[]) as t(id, body)
       returning id)
     insert into webhook_delivery (id, message_id, endpoint_id, status, failures, attempts, next_attempt_at, created_at)
     select gen_random_uuid(), m.id, $3, 'pending', 0, 0, now() - interval '1 second', now() from m`,
    [ids, bodies, endpointId],
  );
}

/** Plain signed POSTs from this process: the floor. */
async function floor(receiverUrl: string, secret: string, count: number): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const url = new URL(receiverUrl);
  let next = 0;
  const post = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const id = randomUUID();
      const body = bodyOf(i);
      const timestamp = Math.floor(Date.now() / 1000);
      const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
      const request = http.request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'webhook-id': id,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': `v1,${signature}`,
          },
        },
        (response) => {
          response.resume();
          response.on('end', resolve);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) await post(next++);
    }),
  );
  agent.destroy();
}

/** The receiver's process: its URL, and how many requests it has had (and verified). */
class ReceiverProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(): Promise<ReceiverProcess> {
    const child = fork(join(__dirname, 'webhook-receiver-process.js'));
    const url = await new Promise<string>((resolve) => child.once('message', (m: { url: string }) => resolve(m.url)));
    return new ReceiverProcess(child, url);
  }

  useSecret(secret: string): void {
    this.child.send({ secret });
  }

  count(): Promise<{ received: number; verified: number }> {
    return new Promise((resolve) => {
      this.child.once('message', resolve);
      this.child.send({ count: true });
    });
  }

  async waitFor(received: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.count()).received < received) {
      if (Date.now() > deadline) throw new Error(`the receiver had fewer than ${received} requests`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ stop: true });
    await exited;
  }
}

async function main(): Promise<void> {
  const stack = await TestStack.start({
    label: 'bench_webhooks',
    processes: ['billing'],
    envFor: {
      billing: {
        BILLING_WEBHOOK_ALLOWED_ADDRESSES: '127.0.0.1',
        BILLING_WEBHOOK_DISPATCH_MS: '20',
        BILLING_INVOICE_RUN_INTERVAL_HOURS: '0',
      },
    },
  });
  const db = await stack.connectOwner('billing');
  const nc = await connect({ servers: testNatsUrl() });
  const receiver = await ReceiverProcess.start();
  try {
    const bus = new BusClient(nc, 30_000, new SubjectNamespace(stack.name));
    const endpoint = await bus.request(CREATE_WEBHOOK_ENDPOINT, FINANCE, {
      url: receiver.url,
      eventTypes: ['payment.recorded'],
    });
    receiver.useSecret(endpoint.secret);
    const billingPid = stack.pidOf('billing');
    const platform: number[] = [];
    const floors: number[] = [];
    console.log(
      `${MESSAGES.toLocaleString('en-GB')} messages a round, ${ROUNDS} rounds; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`,
    );
    for (let round = 1; round <= ROUNDS; round++) {
      const before = await receiver.count();
      const cpuBefore = cpuMsOf(billingPid);
      const started = process.hrtime.bigint();
      await queueMessages(db, endpoint.id, MESSAGES);
      await receiver.waitFor(before.received + MESSAGES, 300_000);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const billingCpu = (cpuMsOf(billingPid) - cpuBefore) / 1000;
      const verified = (await receiver.count()).verified - before.verified;
      if (verified !== MESSAGES) throw new Error(`only ${verified} of ${MESSAGES} verified`);
      const logged = await db.query<{ n: string }>(`select count(*) as n from webhook_attempt where endpoint_id = $1`, [
        endpoint.id,
      ]);
      platform.push(MESSAGES / seconds);

      const floorStarted = process.hrtime.bigint();
      const floorBefore = await receiver.count();
      await floor(receiver.url, endpoint.secret, MESSAGES);
      const floorVerified = (await receiver.count()).verified - floorBefore.verified;
      if (floorVerified !== MESSAGES) throw new Error(`floor: only ${floorVerified} of ${MESSAGES} verified`);
      const floorSeconds = Number(process.hrtime.bigint() - floorStarted) / 1e9;
      floors.push(MESSAGES / floorSeconds);
      console.log(
        `  round ${round}: platform ${Math.round(MESSAGES / seconds)}/s (${seconds.toFixed(2)} s, billing CPU ${billingCpu.toFixed(1)} s, ` +
          `${Number(logged.rows[0].n).toLocaleString('en-GB')} attempts logged so far); floor ${Math.round(MESSAGES / floorSeconds)}/s (${floorSeconds.toFixed(2)} s); ` +
          `load average ${loadavg()[0].toFixed(1)}`,
      );
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    console.log('');
    console.log(`webhook deliveries to a local receiver (signed, verified, every attempt logged)`);
    console.log(`  platform: median ${Math.round(median(platform))} deliveries/s`);
    console.log(`  floor (plain signed POSTs, one process): median ${Math.round(median(floors))}/s`);
    console.log(`  platform / floor: ${(median(platform) / median(floors)).toFixed(2)}`);
  } finally {
    await receiver.stop();
    await nc.close();
    await db.end();
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
