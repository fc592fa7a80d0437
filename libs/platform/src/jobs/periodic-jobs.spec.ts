import pino from 'pino';
import { PeriodicJobs } from './periodic-jobs';

const silent = pino({ enabled: false });

/** A run that ends only when the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('PeriodicJobs', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it('runs a job every interval once the application has booted, and not before', async () => {
    const jobs = new PeriodicJobs(silent);
    let runs = 0;
    jobs.define({ name: 'count', everyMs: 1000, replicas: 'each-replica', run: () => void runs++ });

    jest.advanceTimersByTime(5000);
    expect(runs).toBe(0);
    await jobs.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(3000);
    expect(runs).toBe(3);
    await jobs.onModuleDestroy();
  });

  it('never overlaps a run with itself: a tick that finds the last run still going skips', async () => {
    const jobs = new PeriodicJobs(silent);
    const slow = gate();
    let started = 0;
    jobs.define({
      name: 'slow',
      everyMs: 1000,
      replicas: 'each-replica',
      run: async () => {
        started++;
        await slow.opened;
      },
    });
    await jobs.onApplicationBootstrap();

    jest.advanceTimersByTime(5000);
    expect(started).toBe(1);
    slow.open();
    await flush();
    jest.advanceTimersByTime(1000);
    expect(started).toBe(2);
    await jobs.onModuleDestroy();
  });

  it('runOnce shares the run under way instead of starting a second one', async () => {
    const jobs = new PeriodicJobs(silent);
    const slow = gate();
    let started = 0;
    const job = jobs.define({
      name: 'shared',
      everyMs: 0,
      replicas: 'each-replica',
      run: async () => {
        await slow.opened;
        return ++started;
      },
    });
    const first = job.runOnce();
    const second = job.runOnce();
    slow.open();
    expect(await first).toEqual({ ran: true, value: 1 });
    expect(await second).toEqual({ ran: true, value: 1 });
    expect(await job.runOnce()).toEqual({ ran: true, value: 2 });
  });

  it('stops on shutdown: waits for the run under way, then never ticks again', async () => {
    const jobs = new PeriodicJobs(silent);
    const slow = gate();
    let started = 0;
    let finished = 0;
    jobs.define({
      name: 'stoppable',
      everyMs: 1000,
      replicas: 'each-replica',
      run: async () => {
        started++;
        await slow.opened;
        finished++;
      },
    });
    await jobs.onApplicationBootstrap();
    jest.advanceTimersByTime(1000);

    let stopped = false;
    const stopping = jobs.onModuleDestroy().then(() => (stopped = true));
    await flush();
    expect(stopped).toBe(false);
    slow.open();
    await stopping;
    expect(finished).toBe(1);
    jest.advanceTimersByTime(10_000);
    expect(started).toBe(1);
  });

  it('runs a runAtStart job during boot (boot waits for it) and a runAtStop job once more at shutdown', async () => {
    const jobs = new PeriodicJobs(silent);
    const events: string[] = [];
    jobs.define({
      name: 'start',
      everyMs: 0,
      replicas: 'each-replica',
      runAtStart: true,
      run: () => void events.push('start'),
    });
    jobs.define({
      name: 'stop',
      everyMs: 0,
      replicas: 'each-replica',
      runAtStop: true,
      run: () => void events.push('stop'),
    });

    await jobs.onApplicationBootstrap();
    expect(events).toEqual(['start']);
    await jobs.onModuleDestroy();
    expect(events).toEqual(['start', 'stop']);
  });

  it('logs a failing run by name and keeps ticking; runOnce hands the error to its caller', async () => {
    const logged: unknown[] = [];
    const logger = { error: (fields: unknown) => logged.push(fields) } as unknown as pino.Logger;
    const jobs = new PeriodicJobs(logger);
    let runs = 0;
    const job = jobs.define({
      name: 'failing',
      everyMs: 1000,
      replicas: 'each-replica',
      run: () => {
        runs++;
        throw new Error('boom');
      },
    });
    await jobs.onApplicationBootstrap();
    jest.advanceTimersByTime(1000);
    await flush();
    jest.advanceTimersByTime(1000);
    await flush();
    expect(runs).toBe(2);
    expect(logged).toEqual([expect.objectContaining({ job: 'failing' }), expect.objectContaining({ job: 'failing' })]);
    await expect(job.runOnce()).rejects.toThrow('boom');
    await jobs.onModuleDestroy();
  });

  it('refuses a one-replica job without the database that holds its lock, and a name used twice', () => {
    const jobs = new PeriodicJobs(silent);
    expect(() => jobs.define({ name: 'lonely', everyMs: 1000, replicas: 'one-replica', run: () => undefined })).toThrow(
      /one replica/,
    );
    jobs.define({ name: 'twice', everyMs: 1000, replicas: 'each-replica', run: () => undefined });
    expect(() => jobs.define({ name: 'twice', everyMs: 1000, replicas: 'each-replica', run: () => undefined })).toThrow(
      /defined twice/,
    );
  });
});
