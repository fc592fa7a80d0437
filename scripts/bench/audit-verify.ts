/**
 * P24 at scale: the time audit's verify operation takes to walk one school's hash chain of
 * 1,000,000 entries (target: under 10 s).
 *
 *   npm run bench:audit-verify        (BENCH_ENTRIES=1000000, BENCH_ROUNDS=3)
 *
 * The chain is generated in bulk: entries with realistic fields are hashed in Node with
 * the service's own entry hash, batch by batch, and inserted with one `insert … select
 * from unnest(…)` per batch as the database owner. The audit service then verifies it over
 * the bus, as the platform route does. Starts its own audit service on the Postgres and
 * NATS of DATABASE_URL/NATS_URL, in databases and a stream of its own, and removes them
 * afterwards.
 */
import { MessageContext, VERIFY_AUDIT_LOG } from '@pt/contracts';
import { BusClient, SubjectNamespace, uuid7 } from '@pt/platform';
import { testNatsUrl, TestStack } from '@pt/testing';
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { connect } from 'nats';
import { Client } from 'pg';
import { entryHash, GENESIS_HASH } from '../../apps/audit/src/log/entry-hash';
import { cpuMsOf } from './process-cpu';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCH = 10_000;
const ACTIONS = [
  'identity.user.updated',
  'identity.session.started',
  'pupil-records.pupil.updated',
  'audit.rights-request.recorded',
];

const AUDITOR: MessageContext = {
  tenantId: null,
  actor: { id: randomUUID(), kind: 'platform', roles: ['platform-admin'], permissions: ['audit:platform'] },
  requestId: 'bench-audit-verify',
  ip: null,
};

async function generateChain(db: Client, tenantId: string): Promise<void> {
  const actors = Array.from({ length: 50 }, () => randomUUID());
  const start = Date.now() - ENTRIES * 10;
  let prevHash = GENESIS_HASH;
  for (let from = 1; from <= ENTRIES; from += BATCH) {
    const columns = {
      id: [] as string[],
      sequence: [] as number[],
      eventId: [] as string[],
      actorId: [] as string[],
      action: [] as string[],
      subjectId: [] as string[],
      requestId: [] as string[],
      occurredAt: [] as string[],
      detail: [] as string[],
      prevHash: [] as string[],
      hash: [] as string[],
    };
    for (let sequence = from; sequence < Math.min(from + BATCH, ENTRIES + 1); sequence++) {
      const subjectId = randomUUID();
      const entry = {
        id: uuid7(),
        chain: tenantId,
        sequence,
        eventId: randomUUID(),
        tenantId,
        actorId: actors[sequence % actors.length],
        actorKind: 'staff',
        supportGrantId: null,
        action: ACTIONS[sequence % ACTIONS.length],
        subjectType: 'user',
        subjectId,
        requestId: randomUUID(),
        ip: '10.0.0.1',
        occurredAt: new Date(start + sequence * 10),
        detail: { userId: subjectId, fields: ['jobTitle'] },
        prevHash,
      };
      const hash = entryHash(entry);
      columns.id.push(entry.id);
      columns.sequence.push(sequence);
      columns.eventId.push(entry.eventId);
      columns.actorId.push(entry.actorId);
      columns.action.push(entry.action);
      columns.subjectId.push(subjectId);
      columns.requestId.push(entry.requestId);
      columns.occurredAt.push(entry.occurredAt.toISOString());
      columns.detail.push(JSON.stringify(entry.detail));
      columns.prevHash.push(prevHash);
      columns.hash.push(hash);
      prevHash = hash;
    }
    await db.query(
      `insert into audit_entry (id, chain, sequence, event_id, tenant_id, actor_id, actor_kind, support_grant_id, action,
         subject_type, subject_id, request_id, ip, occurred_at, detail, prev_hash, hash)
       select id, $1::text, sequence, event_id, $1::uuid, actor_id, 'staff', null, action, 'user', subject_id, request_id,
         '10.0.0.1', occurred_at, detail, prev_hash, hash
       from unnest($2::uuid[], $3::bigint[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[],
         $9::timestamptz[], $10::jsonb[], $11::text[], $12::text[])
         as t(id, sequence, event_id, actor_id, action, subject_id, request_id, occurred_at, detail, prev_hash, hash)`,
      [
        tenantId,
        columns.id,
        columns.sequence,
        columns.eventId,
        columns.actorId,
        columns.action,
        columns.subjectId,
        columns.requestId,
        columns.occurredAt,
        columns.detail,
        columns.prevHash,
        columns.hash,
      ],
    );
    if ((from - 1) % 100_000 === 0) process.stdout.write(`  ${from - 1 + BATCH} entries written\n`);
  }
  await db.query('analyze audit_entry');
}

async function main(): Promise<void> {
  const stack = await TestStack.start({
    label: 'bench_verify',
    processes: ['audit'],
    // BENCH_PROFILE_DIR=/tmp/prof writes a V8 CPU profile of the audit service on exit.
    nodeArgsFor: process.env.BENCH_PROFILE_DIR
      ? { audit: ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] }
      : undefined,
    envFor: {
      audit: {
        AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0',
        AUDIT_RETENTION_INTERVAL_HOURS: '0',
      },
    },
  });
  const db = new Client({ connectionString: stack.ownerUrlOf('audit') });
  await db.connect();
  const nc = await connect({ servers: testNatsUrl() });
  try {
    const tenantId = randomUUID();
    console.log(`Generating a chain of ${ENTRIES.toLocaleString('en-GB')} entries for one school…`);
    const generating = Date.now();
    await generateChain(db, tenantId);
    console.log(`  generated in ${((Date.now() - generating) / 1000).toFixed(1)} s`);

    const bus = new BusClient(nc, 600_000, new SubjectNamespace(stack.name));
    const times: number[] = [];
    // The CPU time of the audit service and of the Postgres backends on its database say
    // what verify costs whatever else the machine does; the load average says how busy it was.
    const backends = async () =>
      (await db.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database()')).rows.map(
        (row) => row.pid,
      );
    const postgresMs = (pids: number[]) => pids.reduce((sum, pid) => sum + cpuMsOf(pid), 0);
    for (let round = 1; round <= ROUNDS; round++) {
      const pids = { audit: stack.pidOf('audit'), postgres: await backends() };
      const before = { audit: cpuMsOf(pids.audit), postgres: postgresMs(pids.postgres) };
      const load = loadavg()[0];
      const started = process.hrtime.bigint();
      const result = await bus.request(VERIFY_AUDIT_LOG, AUDITOR, { schoolId: tenantId }, { timeoutMs: 600_000 });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (!result.ok || result.entries !== ENTRIES) {
        throw new Error(`verify did not pass the whole chain: ${JSON.stringify(result)}`);
      }
      const auditCpu = (cpuMsOf(pids.audit) - before.audit) / 1000;
      const postgresCpu = (postgresMs(pids.postgres) - before.postgres) / 1000;
      times.push(seconds);
      console.log(
        `  round ${round}: verified ${result.entries.toLocaleString('en-GB')} entries in ${seconds.toFixed(2)} s ` +
          `(CPU: audit ${auditCpu.toFixed(1)} s, Postgres ${postgresCpu.toFixed(1)} s; ` +
          `load average ${load.toFixed(1)} on ${cpus().length} cores)`,
      );
    }
    const best = Math.min(...times);
    const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
    console.log('');
    console.log(`verify, one chain of ${ENTRIES.toLocaleString('en-GB')} entries`);
    console.log(
      `  median ${median.toFixed(2)} s, best ${best.toFixed(2)} s (${Math.round(ENTRIES / median).toLocaleString('en-GB')} entries/s)`,
    );
    console.log(`  target: under 10 s: ${median < 10 ? 'met' : 'NOT met'}`);
  } finally {
    await nc.close();
    await db.end();
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
