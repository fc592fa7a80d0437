import type { ChildProcess } from 'node:child_process';

/**
 * Keeps a child process running for a local launcher (`npm start`), as the orchestrator
 * does for the containers in deploy/: a crash is followed by a restart after a back-off that
 * doubles with each crash in a row up to a cap, and a child that then runs for a stable
 * period has its count of crashes reset. A child that refuses its configuration (exit 78)
 * is not restarted: it would only refuse it again. Once stopped, nothing is restarted.
 */
export interface RestartPolicy {
  /** Delay before the restart after a first crash. */
  firstDelayMs: number;
  /** The longest delay, however many crashes in a row. */
  maxDelayMs: number;
  /** Running this long after a (re)start ends a run of crashes. */
  stableMs: number;
}

export const DEV_STACK_RESTART_POLICY: RestartPolicy = { firstDelayMs: 1000, maxDelayMs: 30_000, stableMs: 60_000 };

/** EX_CONFIG: what a service exits with when its configuration is invalid (config-loader). */
export const EXIT_INVALID_CONFIG = 78;

export type SupervisorEvent =
  /** Exited without being asked to; restarted after `restartInMs`. */
  | { kind: 'crashed'; code: number | null; signal: NodeJS.Signals | null; crashesInARow: number; restartInMs: number }
  /** Exited with an invalid configuration: left down. */
  | { kind: 'not-restarting'; code: number | null; signal: NodeJS.Signals | null }
  /** A new process was started after a crash. */
  | { kind: 'restarted'; restarts: number; pid: number | undefined }
  /** The restarted process has run for the stable period: the back-off starts again from the first delay. */
  | { kind: 'stable'; restarts: number }
  /** Exited after stop(), or (with restart: false) on its own. */
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null; asked: boolean }
  | { kind: 'spawn-failed'; error: Error };

export interface SuperviseOptions {
  name: string;
  /** Starts one process; called again for every restart. */
  launch: () => ChildProcess;
  on: (event: SupervisorEvent) => void;
  policy?: RestartPolicy;
  /** false for a one-shot job: report its exit and leave it. */
  restart?: boolean;
}

export interface SupervisedChild {
  readonly name: string;
  /** The current process (the last one, once exited). */
  readonly child: ChildProcess;
  /** No process of it is running now (it may still be waiting for a restart). */
  readonly exited: boolean;
  /** A restart is scheduled. */
  readonly restartPending: boolean;
  readonly restarts: number;
  /** Resolves when the current process has closed. */
  readonly gone: Promise<void>;
  /**
   * No restart from now on (a scheduled one is cancelled); `signal` is applied to the
   * running process, if any. Resolves when it has closed.
   */
  stop(signal: (child: ChildProcess) => void): Promise<void>;
}

/** The back-off before the restart that follows `crashesInARow` crashes (1 for the first). */
export function restartDelayMs(crashesInARow: number, policy: RestartPolicy): number {
  const doublings = Math.max(0, Math.min(crashesInARow - 1, 30));
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** doublings);
}

export function superviseChild(options: SuperviseOptions): SupervisedChild {
  const policy = options.policy ?? DEV_STACK_RESTART_POLICY;
  const restart = options.restart ?? true;
  let child!: ChildProcess;
  let exited = true;
  let stopping = false;
  let restarts = 0;
  let crashesInARow = 0;
  let startedAt = 0;
  let gone: Promise<void> = Promise.resolve();
  let restartTimer: NodeJS.Timeout | undefined;
  let stableTimer: NodeJS.Timeout | undefined;

  const run = () => {
    const current = options.launch();
    child = current;
    exited = false;
    startedAt = Date.now();
    let markGone!: () => void;
    gone = new Promise((resolve) => (markGone = resolve));
    let closed = false;
    const close = (code: number | null, signal: NodeJS.Signals | null, spawnError?: Error) => {
      if (closed) return;
      closed = true;
      exited = true;
      clearTimeout(stableTimer);
      markGone();
      if (spawnError) return options.on({ kind: 'spawn-failed', error: spawnError });
      if (stopping || !restart) return options.on({ kind: 'exited', code, signal, asked: stopping });
      if (code === EXIT_INVALID_CONFIG) return options.on({ kind: 'not-restarting', code, signal });
      // A crash after a stable run starts a new count, even if the stable timer has not fired yet.
      crashesInARow = Date.now() - startedAt >= policy.stableMs ? 1 : crashesInARow + 1;
      const restartInMs = restartDelayMs(crashesInARow, policy);
      options.on({ kind: 'crashed', code, signal, crashesInARow, restartInMs });
      restartTimer = setTimeout(() => {
        restartTimer = undefined;
        if (stopping) return;
        restarts += 1;
        run();
        options.on({ kind: 'restarted', restarts, pid: child.pid });
      }, restartInMs);
    };
    // Also emitted when a signal cannot be sent to a live process: only a process that never started is over.
    current.on('error', (error) => current.pid === undefined && close(null, null, error));
    // 'close' comes after the last output line, so what the launcher says follows the child's own last words.
    current.once('close', (code, signal) => close(code, signal));
    current.once('exit', () => {
      exited = true;
    });
    if (crashesInARow > 0) {
      stableTimer = setTimeout(() => {
        if (exited || stopping) return;
        crashesInARow = 0;
        options.on({ kind: 'stable', restarts });
      }, policy.stableMs);
      // The launcher stays alive because of its children and signals, not because of this.
      stableTimer.unref();
    }
  };

  run();
  return {
    name: options.name,
    get child() {
      return child;
    },
    get exited() {
      return exited;
    },
    get restartPending() {
      return restartTimer !== undefined;
    },
    get restarts() {
      return restarts;
    },
    get gone() {
      return gone;
    },
    stop(signal) {
      stopping = true;
      clearTimeout(restartTimer);
      restartTimer = undefined;
      clearTimeout(stableTimer);
      if (!exited) signal(child);
      return gone;
    },
  };
}
