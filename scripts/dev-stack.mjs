#!/usr/bin/env node
// Runs the whole platform locally: `npm start` builds, then runs this.
//
//   node scripts/dev-stack.mjs               Postgres + NATS (found or started), then the five
//                                            data services and the gateway, until Ctrl-C
//   node scripts/dev-stack.mjs --infra-only  only Postgres + NATS; prints the URLs to run a
//                                            single service against, until Ctrl-C
//   node scripts/dev-stack.mjs --nats-cluster  (or NATS_CLUSTER=3) NATS as a three-node JetStream
//                                            cluster of local nats-servers, the events stream and
//                                            files bucket at three replicas
//   node scripts/dev-stack.mjs --nats-acl    (or NATS_ACL=1) NATS as production runs it: a
//                                            nats-server of its own enforcing
//                                            deploy/nats/permissions.conf, each process
//                                            connected as its own user (fresh passwords per run)
//
// Postgres: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) if it answers,
// else an embedded Postgres in .data/postgres on EMBEDDED_PG_PORT (54329).
// NATS: NATS_URL (default nats://127.0.0.1:4222) if it answers, else nats-server from PATH on
// EMBEDDED_NATS_PORT (4223), JetStream store in .data/nats.
// Logs: each line prefixed with its service; JSON lines shortened when stdout is a terminal
// (DEV_STACK_LOG=raw|pretty overrides; NO_COLOR disables colours).
// Crashes: a service that exits unexpectedly is restarted after a back-off (1 s, doubling per
// crash in a row up to 30 s; reset once it has run 60 s), and each crash and restart is logged;
// one that refuses its configuration (exit 78) is left down.
// Ctrl-C / SIGTERM / SIGHUP: no more restarts; services get SIGTERM (SIGKILL after 15 s), then
// whatever this launcher started (never anything else) is stopped. A second Ctrl-C kills at once.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import {
  CancelledError,
  MissingNatsServerError,
  ensureNats,
  ensureNatsWithUsers,
  ensureNatsCluster,
  ensurePostgres,
  hostPort,
  natsHostPort,
  redactUrl,
  tcpOpen,
} from './infra.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA_SERVICES = ['identity', 'pupil-records', 'assessment', 'billing', 'audit'];
const GATEWAY = 'gateway';
const SEED_SCRIPT = join(root, 'dist', 'scripts', 'seed-demo.js');
const READY_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 15_000;
const LABEL_WIDTH = Math.max(
  ...[...DATA_SERVICES, GATEWAY, 'dev-stack', 'postgres', 'nats', 'seed-demo'].map((n) => n.length),
);

// ---------------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------------

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(
    [
      'usage: node scripts/dev-stack.mjs [--infra-only] [--nats-cluster | --nats-acl]',
      '',
      '  (no option)   ensure Postgres + NATS, run all services from dist/ (build first: npm start does)',
      '  --infra-only  ensure Postgres + NATS only and print DATABASE_URL / NATS_URL for running one service',
      '  --nats-cluster  start NATS as a 3-node JetStream cluster on loopback (ports 4223-4225, routes 6223-6225,',
      '                monitoring 8223-8225; stores in .data/nats-cluster) with the stream and bucket at 3 replicas',
      '  --nats-acl    start a nats-server (port 4223, store in .data/nats-acl) enforcing deploy/nats/permissions.conf:',
      '                each process connects as its own NATS user (NATS_USER / NATS_PASSWORD, new passwords each run)',
      '                (NATS_CLUSTER=3 does the same)',
      '',
      'environment: DATABASE_URL, NATS_URL, PORT (gateway, 3000), EMBEDDED_PG_PORT (54329),',
      '             EMBEDDED_NATS_PORT (4223), NATS_CLUSTER (3), NODE_ENV, DB_APP_PASSWORD, LOG_LEVEL, DEV_STACK_LOG=raw|pretty',
      '',
    ].join('\n'),
  );
  process.exit(0);
}
const unknown = args.filter((a) => a !== '--infra-only' && a !== '--nats-cluster' && a !== '--nats-acl');
if (unknown.length > 0) {
  process.stderr.write(`dev-stack: unknown argument ${unknown.join(' ')} (try --help)\n`);
  process.exit(2);
}
const infraOnly = args.includes('--infra-only');
/** Nodes of a local NATS cluster to start (0: one server, found or started, as before). */
const natsCluster = args.includes('--nats-cluster') ? 3 : Number(process.env.NATS_CLUSTER || 0);
/** NATS with the production users and permissions (deploy/nats/permissions.conf). */
const natsAcl = args.includes('--nats-acl') || process.env.NATS_ACL === '1';
if (!Number.isInteger(natsCluster) || ![0, 1, 3, 5].includes(natsCluster)) {
  process.stderr.write(
    `dev-stack: NATS_CLUSTER must be 3 or 5 (JetStream replicas), got "${process.env.NATS_CLUSTER}"\n`,
  );
  process.exit(2);
}
if (natsAcl && (natsCluster > 1 || process.env.NATS_NAMESPACE)) {
  // permissions.conf is written for one server and the production subjects (no namespace).
  process.stderr.write(
    'dev-stack: --nats-acl runs one nats-server with the production subjects: not with --nats-cluster or NATS_NAMESPACE\n',
  );
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
const pretty = process.env.DEV_STACK_LOG === 'pretty' || (process.stdout.isTTY && process.env.DEV_STACK_LOG !== 'raw');
const sgr = (code) => (text) => (colour ? `\x1b[${code}m${text}\x1b[0m` : String(text));
const c = {
  bold: sgr('1'),
  dim: sgr('2'),
  red: sgr('31'),
  green: sgr('32'),
  yellow: sgr('33'),
  blue: sgr('34'),
  magenta: sgr('35'),
  cyan: sgr('36'),
  gray: sgr('90'),
  brightGreen: sgr('92'),
  brightBlue: sgr('94'),
  brightMagenta: sgr('95'),
  redBg: sgr('41;97'),
};
const labelColour = {
  gateway: c.brightGreen,
  identity: c.cyan,
  'pupil-records': c.magenta,
  assessment: c.yellow,
  billing: c.blue,
  audit: c.brightMagenta,
  'seed-demo': c.brightBlue,
  postgres: c.gray,
  nats: c.gray,
  'dev-stack': c.bold,
};

process.stdout.on('error', () => {}); // e.g. EPIPE when piped into `head`
const write = (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
const label = (name) => (labelColour[name] ?? ((s) => s))(`[${name.padEnd(LABEL_WIDTH)}]`) + ' ';
const emit = (name, line) => write(label(name) + line);
const say = (message) =>
  String(message)
    .split('\n')
    .forEach((line) => emit('dev-stack', line));
const warn = (message) =>
  String(message)
    .split('\n')
    .forEach((line) => emit('dev-stack', c.yellow(line)));
const fail = (message) =>
  String(message)
    .split('\n')
    .forEach((line) => emit('dev-stack', c.red(line)));

const LEVELS = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const levelColour = { TRACE: c.gray, DEBUG: c.gray, INFO: c.green, WARN: c.yellow, ERROR: c.red, FATAL: c.redBg };

function clock(time) {
  const date = new Date(typeof time === 'number' || typeof time === 'string' ? time : Date.now());
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** A pino JSON line as one short line (plus the stack of an error); anything else unchanged. */
function formatLine(line) {
  if (!pretty || !line.startsWith('{')) return [line];
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return [line];
  }
  if (!entry || typeof entry !== 'object' || !('level' in entry || 'msg' in entry)) return [line];
  const levelName =
    typeof entry.level === 'number'
      ? (LEVELS[entry.level] ?? `L${entry.level}`)
      : String(entry.level ?? 'INFO').toUpperCase();
  const parts = [c.dim(clock(entry.time)), (levelColour[levelName] ?? ((s) => s))(levelName.padEnd(5))];
  if (entry.context) parts.push(c.dim(`[${entry.context}]`));
  parts.push(String(entry.msg ?? ''));
  if (entry.req?.method && entry.req?.url) {
    const status = entry.res?.statusCode ?? '';
    const took = typeof entry.responseTime === 'number' ? ` ${Math.round(entry.responseTime)}ms` : '';
    parts.push(`${entry.req.method} ${entry.req.url} ${status}${took}`.trim());
  }
  const requestId = entry.requestId ?? entry.reqId ?? entry.req?.id;
  if (requestId !== undefined) parts.push(c.dim(`req=${requestId}`));
  const lines = [parts.filter(Boolean).join(' ')];
  const err = entry.err ?? entry.error;
  if (err && typeof err === 'object') {
    const head = [err.type ?? err.name, err.message].filter(Boolean).join(': ');
    if (err.stack && typeof err.stack === 'string') lines.push(...err.stack.split('\n').map((l) => `    ${c.dim(l)}`));
    else if (head) lines.push(`    ${head}`);
  }
  return lines;
}

function pipeLines(stream, name) {
  const reader = createInterface({ input: stream, crlfDelay: Infinity });
  reader.on('line', (line) => {
    for (const formatted of formatLine(line)) emit(name, formatted);
  });
}

// ---------------------------------------------------------------------------------------------
// State and shutdown
// ---------------------------------------------------------------------------------------------

const state = {
  shuttingDown: false,
  firstSignalAt: 0,
  /** Supervised children by name (libs/platform's SupervisedChild). */
  children: new Map(),
  postgres: undefined,
  nats: undefined,
  pending: [], // infrastructure start-ups still in flight
  devAdmin: undefined,
};

const isCancelled = () => state.shuttingDown;

function signalProcess(child, signal) {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // Each child leads its own process group (detached): signal the group.
    if (process.platform !== 'win32') process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

function signalChild(record, signal) {
  if (!record.exited) signalProcess(record.child, signal);
}

async function shutdown(exitCode) {
  if (state.shuttingDown) return;
  state.shuttingDown = true;

  const all = [...state.children.values()];
  const live = all.filter((r) => !r.exited);
  // Before anything is signalled: a service waiting for its restart stays down.
  for (const record of all) if (record.exited) record.stop(() => {});
  if (live.length > 0) {
    say(`stopping ${live.map((r) => r.name).join(', ')} (SIGTERM; press Ctrl-C again to kill at once)`);
    for (const record of live) record.stop((child) => signalProcess(child, 'SIGTERM'));
    let timer;
    const allGone = Promise.all(live.map((r) => r.gone));
    const inTime = await Promise.race([
      allGone.then(() => true),
      new Promise((res) => {
        timer = setTimeout(() => res(false), STOP_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
    if (!inTime) {
      const stuck = live.filter((r) => !r.exited);
      warn(`${stuck.map((r) => r.name).join(', ')} did not stop within ${STOP_TIMEOUT_MS / 1000} s: SIGKILL`);
      for (const record of stuck) signalChild(record, 'SIGKILL');
      await Promise.race([allGone, new Promise((res) => setTimeout(res, 3000))]);
    }
  }

  // Infrastructure start-ups in flight finish (or give up) first, so nothing is orphaned.
  await Promise.allSettled(state.pending);
  if (state.nats?.startedByUs) {
    say('stopping nats-server');
    await state.nats.stop().catch((error) => warn(`nats-server: ${error.message}`));
  }
  if (state.postgres?.startedByUs) {
    say('stopping embedded Postgres');
    await state.postgres.stop().catch((error) => warn(`embedded Postgres: ${error.message}`));
  }
  const leftRunning = [state.postgres, state.nats].filter((i) => i && !i.startedByUs && i.kind === 'embedded');
  for (const infra of leftRunning)
    say(`${infra === state.postgres ? 'embedded Postgres' : 'nats-server'} ${infra.note}`);
  say('stopped');
  process.exit(exitCode);
}

function forceKill() {
  for (const record of state.children.values()) signalChild(record, 'SIGKILL');
  state.nats?.startedByUs && state.nats.forceStop();
  state.postgres?.startedByUs && state.postgres.forceStop();
}

function onSignal(signal) {
  if (!state.shuttingDown) {
    state.firstSignalAt = Date.now();
    write('');
    say(`${signal}: shutting down`);
    shutdown(0);
    return;
  }
  // One Ctrl-C can arrive twice (terminal + `npm start` forwarding it): only a later one forces.
  if (Date.now() - state.firstSignalAt < 1000) return;
  write('');
  fail(`${signal} again: killing everything now`);
  forceKill();
  process.exit(130);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => onSignal(signal));

process.on('uncaughtException', (error) => {
  fail(`launcher error: ${error?.stack ?? error}`);
  if (state.shuttingDown) {
    forceKill();
    process.exit(1);
  }
  shutdown(1);
});
process.on('unhandledRejection', (reason) => {
  fail(`launcher error: ${reason?.stack ?? reason}`);
  shutdown(1);
});
// Last resort if the launcher exits any other way: do not leave detached processes behind.
process.on('exit', () => {
  for (const record of state.children.values()) signalChild(record, 'SIGTERM');
  if (!state.shuttingDown) {
    state.nats?.startedByUs && state.nats.forceStop();
    state.postgres?.startedByUs && state.postgres.forceStop();
  }
});

// ---------------------------------------------------------------------------------------------
// Children
// ---------------------------------------------------------------------------------------------

function describeExit(code, signal) {
  if (signal) return `killed by ${signal}`;
  if (code === 78) return 'exit code 78: invalid configuration, see its log above';
  return `exit code ${code}`;
}

/** A process as npm run build leaves it: its bundle's launcher (scripts/bundle-services.mjs). */
const builtProcess = (name) => join(root, 'dist', 'services', `${name}.js`);

const requireBuilt = (file) => createRequire(import.meta.url)(join(root, 'dist/libs/platform/src/lifecycle', file));

/** Services are restarted after a crash (child-supervisor.ts); a one-shot job is not. */
function startChild(name, script, env, { oneShot = false } = {}) {
  // The same V8 flags as tests and containers (libs/platform/src/lifecycle/service-node-flags.ts).
  const { nodeFlagsOf } = requireBuilt('service-node-flags.js');
  const { superviseChild, DEV_STACK_RESTART_POLICY } = requireBuilt('child-supervisor.js');
  const launch = () => {
    const child = spawn(process.execPath, [...nodeFlagsOf(name), script], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32', // own process group: Ctrl-C reaches the launcher only
    });
    pipeLines(child.stdout, name);
    pipeLines(child.stderr, name);
    return child;
  };
  const seconds = (ms) => `${ms / 1000} s`;
  const record = superviseChild({
    name,
    launch,
    restart: !oneShot,
    policy: DEV_STACK_RESTART_POLICY,
    on: (event) => {
      switch (event.kind) {
        case 'spawn-failed':
          return fail(`${name}: could not start: ${event.error.message}`);
        case 'exited':
          if (oneShot && event.code === 0) return say(`${name} finished`);
          if (oneShot) return state.shuttingDown || warn(`${name} failed (${describeExit(event.code, event.signal)})`);
          return say(`${name} stopped${event.code === 0 ? '' : ` (${describeExit(event.code, event.signal)})`}`);
        case 'crashed':
          return fail(
            `${name} exited unexpectedly (${describeExit(event.code, event.signal)}); restarting in ` +
              `${seconds(event.restartInMs)} (crash ${event.crashesInARow} in a row), the others keep running`,
          );
        case 'restarted':
          return warn(`${name} restarted (pid ${event.pid}, restart ${event.restarts})`);
        case 'stable':
          return say(`${name} has run ${seconds(DEV_STACK_RESTART_POLICY.stableMs)} since its restart: back-off reset`);
        case 'not-restarting': {
          fail(`${name} exited (${describeExit(event.code, event.signal)}); not restarting: it would refuse again`);
          const up = [...state.children.values()].filter(
            (r) => r.name !== 'seed-demo' && (!r.exited || r.restartPending),
          );
          if (up.length === 0) warn('no service is running any more; Ctrl-C stops the infrastructure');
          return;
        }
      }
    },
  });
  state.children.set(name, record);
  return record;
}

// ---------------------------------------------------------------------------------------------
// Readiness
// ---------------------------------------------------------------------------------------------

function describeNotReady(last) {
  if (!last) return 'no answer yet';
  if (last.error) return `gateway not answering (${last.error})`;
  let body;
  try {
    body = JSON.parse(last.text);
  } catch {
    return `HTTP ${last.status}: ${last.text.slice(0, 300)}`;
  }
  const down = [];
  if (body?.services && typeof body.services === 'object') {
    for (const [service, status] of Object.entries(body.services))
      if (status !== 'up') down.push(`${service} (${status})`);
  }
  if (Array.isArray(body?.down))
    for (const service of body.down) if (!down.some((d) => d.startsWith(service))) down.push(String(service));
  return down.length > 0
    ? `HTTP ${last.status}, down: ${down.join(', ')}`
    : `HTTP ${last.status}: ${last.text.slice(0, 300)}`;
}

async function waitUntilReady(port) {
  const url = `http://127.0.0.1:${port}/health/ready`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let timedOut = false;
  let last;
  while (!state.shuttingDown) {
    const gateway = state.children.get(GATEWAY);
    if (!gateway || (gateway.exited && !gateway.restartPending)) {
      warn(
        'the gateway is not running, so the stack cannot become ready; the other services keep running (Ctrl-C to stop)',
      );
      return false;
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      const text = await response.text();
      if (response.status === 200) return true;
      last = { status: response.status, text };
    } catch (error) {
      last = { error: error?.cause?.code ?? error?.name ?? String(error) };
    }
    if (!timedOut && Date.now() > deadline) {
      timedOut = true;
      warn(`not ready after ${READY_TIMEOUT_MS / 1000} s: ${describeNotReady(last)}`);
      warn('the services keep running; the ready banner follows if the stack becomes ready later');
    }
    await new Promise((res) => setTimeout(res, timedOut ? 2000 : 250));
  }
  return false;
}

function describeInfra(name, infra, defaultPort) {
  const where = infra.url
    .split(',')
    .map((url) => hostPort(url, defaultPort))
    .join(',');
  if (infra.kind === 'external') return `${where} (external)`;
  return `${where} (embedded${infra.startedByUs ? '' : ', already running: left running on exit'})`;
}

/**
 * The development platform admin: a random password made once and kept in .data/ (git-ignored),
 * so it is the same on every start and never a well-known default.
 */
function devAdminCredentials() {
  const file = join(root, '.data', 'dev-admin.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const credentials = {
    email: 'admin@pupil-tracking.local',
    password: `Dev-${randomBytes(12).toString('base64url')}-7a`,
  };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
}

function banner(port) {
  const base = `http://localhost:${port}`;
  const seconds = (performance.now() / 1000).toFixed(1);
  const rows = [
    [
      'Console',
      existsSync(join(root, 'dist', 'console', 'index.html'))
        ? `${base}/`
        : 'not built (apps/console missing or its build failed: npm run build:console)',
    ],
    ['API', `${base}/api/v1`],
    ['Docs', `${base}/api/docs`],
    ['Health', `${base}/health/live  ${base}/health/ready`],
    ['Metrics', `${base}/metrics`],
    [
      'Postgres',
      describeInfra('Postgres', state.postgres, 5432) +
        (state.postgres.kind === 'embedded' ? `, data in ${relative(root, join(root, '.data', 'postgres'))}` : ''),
    ],
    [
      'NATS',
      describeInfra('NATS', state.nats, 4222) +
        (state.nats.jetstream ? ', JetStream' : ', NO JetStream') +
        (state.nats.cluster ? `, ${state.nats.cluster}-node cluster (monitoring http://127.0.0.1:8223/jsz)` : '') +
        (state.nats.users ? ', a user per process (deploy/nats/permissions.conf)' : ''),
    ],
    ...(state.devAdmin
      ? [['Sign in', `${state.devAdmin.email} / ${state.devAdmin.password}  (platform admin, development only)`]]
      : []),
  ];
  const lines = [
    c.green(c.bold(`dev stack ready in ${seconds} s`)),
    ...rows.map(([key, value]) => `  ${c.dim(key.padEnd(9))}${value}`),
    c.dim('  Ctrl-C stops everything'),
  ];
  for (const line of lines) emit('dev-stack', line);
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

/** With --nats-acl: each process's NATS password, new for every run (dev only; never written to disk). */
const natsPasswords = natsAcl
  ? Object.fromEntries([...DATA_SERVICES, GATEWAY].map((name) => [name, randomBytes(18).toString('hex')]))
  : {};

/** The server reads each user's password from NATS_PASSWORD_<PROCESS>, as permissions.conf names them. */
function natsServerPasswords() {
  return Object.fromEntries(
    Object.entries(natsPasswords).map(([name, password]) => [
      `NATS_PASSWORD_${name.toUpperCase().replace(/-/g, '_')}`,
      password,
    ]),
  );
}

/** The process's own NATS user, with --nats-acl; none otherwise (a development NATS has no users). */
function natsUserEnv(name) {
  return natsAcl ? { NATS_USER: name, NATS_PASSWORD: natsPasswords[name] } : {};
}

async function ensureInfra() {
  // What the servers log that matters; their shutdown chatter is dropped.
  const logServer = (name) => (line) => state.shuttingDown || emit(name, line);
  // NATS first: it takes a moment, and a missing nats-server then fails before Postgres starts.
  const natsOptions = { root, log: say, logServer: logServer('nats'), isCancelled };
  const natsStart = (
    natsCluster > 1
      ? ensureNatsCluster({ ...natsOptions, size: natsCluster })
      : natsAcl
        ? ensureNatsWithUsers({ ...natsOptions, passwords: natsServerPasswords() })
        : ensureNats(natsOptions)
  ).then((infra) => {
    state.nats = infra;
    return infra;
  });
  state.pending.push(natsStart);
  const natsResult = await natsStart.then(
    (value) => ({ status: 'fulfilled', value }),
    (reason) => ({ status: 'rejected', reason }),
  );
  let pgResult = { status: 'rejected', reason: new CancelledError() };
  if (natsResult.status === 'fulfilled' && !state.shuttingDown) {
    const pgStart = ensurePostgres({ root, log: say, logServer: logServer('postgres'), isCancelled }).then((infra) => {
      state.postgres = infra;
      return infra;
    });
    state.pending.push(pgStart);
    [pgResult] = await Promise.allSettled([pgStart]);
  }
  if (state.shuttingDown) return false;

  let ok = true;
  for (const [what, result] of [
    ['Postgres', pgResult],
    ['NATS', natsResult],
  ]) {
    if (result.status === 'fulfilled' || result.reason instanceof CancelledError) continue;
    ok = false;
    if (result.reason instanceof MissingNatsServerError) fail(result.reason.message);
    else fail(`${what}: ${result.reason?.message ?? result.reason}`);
  }
  if (!ok) return false;

  for (const [infra, name] of [
    [state.postgres, 'embedded Postgres'],
    [state.nats, 'nats-server'],
  ]) {
    infra.onExit?.((code, signal) => {
      if (!state.shuttingDown)
        fail(
          `${name} exited unexpectedly (${describeExit(code, signal)}); the services will fail: Ctrl-C and start again`,
        );
    });
  }
  if (!state.nats.jetstream) {
    warn(
      `NATS at ${hostPort(state.nats.url, 4222)} has no JetStream; events will not work (start nats-server with -js)`,
    );
  }
  return true;
}

async function main() {
  const port = Number(process.env.PORT || 3000);
  if (!infraOnly) {
    const missing = [...DATA_SERVICES, GATEWAY].filter((name) => !existsSync(builtProcess(name)));
    if (missing.length > 0) {
      fail(`not built: ${missing.map((name) => `dist/services/${name}.js`).join(', ')} missing`);
      fail('build first with `node scripts/build.mjs` (`npm start` builds and then runs this)');
      process.exit(1);
    }
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      fail(`PORT must be a port number, got "${process.env.PORT}"`);
      process.exit(1);
    }
    if (await tcpOpen('127.0.0.1', port, 500)) {
      fail(`port ${port} is already in use (another dev stack?); stop that or set PORT to a free port`);
      process.exit(1);
    }
    if (process.env.METRICS_PORT) {
      warn(
        `METRICS_PORT=${process.env.METRICS_PORT} is set for every service: they would all try to bind it; unset it`,
      );
    }
  }

  if (!(await ensureInfra())) {
    if (!state.shuttingDown) await shutdown(1);
    return;
  }

  const env = {
    ...process.env,
    DATABASE_URL: state.postgres.url,
    NATS_URL: state.nats.url,
    NODE_ENV: process.env.NODE_ENV || 'development',
    // On a cluster the events stream and files bucket are replicated on every node.
    ...(state.nats.cluster
      ? { EVENTS_REPLICAS: String(state.nats.cluster), FILES_REPLICAS: String(state.nats.cluster) }
      : {}),
    DB_APP_PASSWORD: process.env.DB_APP_PASSWORD || 'dev-app-password',
    // The console signs in with cookies, accepted only from its own origin: the address printed.
    ALLOWED_ORIGINS: process.env.ALLOWED_ORIGINS || `http://localhost:${port},http://127.0.0.1:${port}`,
  };
  // Outside production, a first platform admin so a fresh install can be signed into at once.
  if (env.NODE_ENV !== 'production' && !env.BOOTSTRAP_ADMIN_EMAIL) {
    state.devAdmin = devAdminCredentials();
    env.BOOTSTRAP_ADMIN_EMAIL = state.devAdmin.email;
    env.BOOTSTRAP_ADMIN_PASSWORD = state.devAdmin.password;
  }

  if (infraOnly) {
    say(`Postgres ${describeInfra('Postgres', state.postgres, 5432)}`);
    say(`NATS     ${describeInfra('NATS', state.nats, 4222)}`);
    const dbUrl = state.postgres.kind === 'embedded' ? state.postgres.url : redactUrl(state.postgres.url);
    const natsUrl =
      (state.nats.kind === 'embedded' ? state.nats.url : redactUrl(state.nats.url)) +
      (state.nats.cluster ? ` EVENTS_REPLICAS=${state.nats.cluster} FILES_REPLICAS=${state.nats.cluster}` : '');
    write('');
    write(`DATABASE_URL=${dbUrl} NATS_URL=${natsUrl}`);
    write('');
    say(
      `e.g.  DATABASE_URL=${dbUrl} NATS_URL=${natsUrl}${natsAcl ? ` NATS_USER=identity NATS_PASSWORD=${natsPasswords.identity}` : ''} node dist/services/identity.js`,
    );
    if (natsAcl) {
      for (const name of [...DATA_SERVICES, GATEWAY]) say(`NATS user ${name}: NATS_PASSWORD=${natsPasswords[name]}`);
    }
    if (!state.postgres.startedByUs && !state.nats.startedByUs) {
      say('nothing was started by this launcher, so there is nothing to keep running');
      process.exit(0);
    }
    say('keeping them running; Ctrl-C stops what this launcher started');
    setInterval(() => {}, 1 << 30);
    return;
  }

  say(
    `starting ${DATA_SERVICES.join(', ')} and ${GATEWAY} (Postgres ${hostPort(env.DATABASE_URL, 5432)}, NATS ${natsHostPort(env.NATS_URL).host}:${natsHostPort(env.NATS_URL).port})`,
  );
  for (const name of DATA_SERVICES) {
    startChild(name, builtProcess(name), { ...env, ...natsUserEnv(name) });
  }
  startChild(GATEWAY, builtProcess(GATEWAY), { ...env, ...natsUserEnv(GATEWAY) });

  if (!(await waitUntilReady(port)) || state.shuttingDown) return;
  banner(port);

  if (env.NODE_ENV !== 'production' && existsSync(SEED_SCRIPT)) {
    startChild('seed-demo', SEED_SCRIPT, env, { oneShot: true });
  }
}

main().catch((error) => {
  fail(`launcher error: ${error?.stack ?? error}`);
  shutdown(1);
});
