import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import { AdvisoryLocks } from '@pt/persistence';
import { Logger } from 'pino';
import { PLATFORM_LOGGER } from '../logging/platform-logger';
import { describeError } from '../logging/safe-error';

/**
 * Where a job runs when a service has several replicas: on every one (the work shares
 * itself out, e.g. with SKIP LOCKED, or is the replica's own), or on one at a time (the
 * replica that takes the job's Postgres advisory lock; the others skip that tick).
 */
export type JobReplicas = 'each-replica' | 'one-replica';

export interface PeriodicJobSpec<T = unknown> {
  /** Unique within the service: names the job in logs and, for one-replica, its lock. */
  name: string;
  /** The time between ticks; 0 or less: never on a timer (runOnce still runs it). */
  everyMs: number;
  replicas: JobReplicas;
  /** Run once while the application boots (boot waits for it), then on the timer. */
  runAtStart?: boolean;
  /** Run once more at shutdown, after the timer has stopped and a run under way has ended. */
  runAtStop?: boolean;
  run: () => Promise<T> | T;
}

/** What one run did: ran (and its value), or skipped because another replica held the lock. */
export type JobRun<T> = { ran: true; value: T } | { ran: false };

export interface PeriodicJob<T = unknown> {
  readonly name: string;
  /**
   * One run now, as a tick would (for tests and for routes that run the job on demand):
   * while a run is under way it shares that run instead of starting another. Rejects with
   * the job's error; a tick logs it instead.
   */
  runOnce(): Promise<JobRun<T>>;
}

class ScheduledJob<T> implements PeriodicJob<T> {
  private timer?: NodeJS.Timeout;
  private running?: Promise<JobRun<T>>;
  private stopped = false;

  constructor(
    private readonly spec: PeriodicJobSpec<T>,
    private readonly locks: AdvisoryLocks | undefined,
    private readonly logger: Logger,
  ) {}

  get name(): string {
    return this.spec.name;
  }

  runOnce(): Promise<JobRun<T>> {
    this.running ??= this.runGuarded().finally(() => (this.running = undefined));
    return this.running;
  }

  async start(): Promise<void> {
    if (this.stopped || this.timer) return;
    if (this.spec.everyMs > 0) {
      this.timer = setInterval(() => {
        // Never overlapping: a tick that finds the last run still going lets it finish.
        if (!this.running) void this.tick();
      }, this.spec.everyMs);
      this.timer.unref();
    }
    if (this.spec.runAtStart) await this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
    if (this.spec.runAtStop) await this.tick();
  }

  private async tick(): Promise<void> {
    try {
      await this.runOnce();
    } catch (error) {
      this.logger.error({ job: this.spec.name, err: describeError(error) }, 'periodic job failed');
    }
  }

  private async runGuarded(): Promise<JobRun<T>> {
    if (this.spec.replicas === 'one-replica') {
      return this.locks!.runIfFree(`periodic-job:${this.spec.name}`, this.spec.run);
    }
    return { ran: true, value: await this.spec.run() };
  }
}

/**
 * Every timer of a service in one place: a job is declared (usually in its owner's
 * constructor), starts when the application has booted and stops at shutdown before the
 * database and NATS close, waiting for a run under way. Runs of one job never overlap.
 */
@Injectable()
export class PeriodicJobs implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly jobs = new Map<string, ScheduledJob<unknown>>();
  private started = false;

  constructor(
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
    @Optional() private readonly locks?: AdvisoryLocks,
  ) {}

  define<T>(spec: PeriodicJobSpec<T>): PeriodicJob<T> {
    if (this.jobs.has(spec.name)) throw new Error(`periodic job "${spec.name}" is defined twice`);
    if (spec.replicas === 'one-replica' && !this.locks) {
      throw new Error(`periodic job "${spec.name}" runs on one replica, which needs the service's database`);
    }
    const job = new ScheduledJob(spec, this.locks, this.logger);
    this.jobs.set(spec.name, job as ScheduledJob<unknown>);
    // Declared after boot: starts at once, as it would have with the others.
    if (this.started) void job.start();
    return job;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.started = true;
    await Promise.all([...this.jobs.values()].map((job) => job.start()));
  }

  /** Before any OnApplicationShutdown hook: the pool and the NATS connection are still open. */
  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.jobs.values()].map((job) => job.stop()));
  }
}
