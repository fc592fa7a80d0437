import { spawn } from 'node:child_process';
import { restartDelayMs, RestartPolicy, superviseChild, SupervisedChild, SupervisorEvent } from './child-supervisor';

// The stable period is well above a node child's start-up on a loaded machine (1.5 s was seen at a load
// average of 8 on 2 cores), so quick crashes count in a row.
const POLICY: RestartPolicy = { firstDelayMs: 40, maxDelayMs: 160, stableMs: 4000 };
jest.setTimeout(30_000);

/** A tiny child: `node -e <script>`, its stdout ignored. */
const node = (script: string) => () => spawn(process.execPath, ['-e', script], { stdio: 'ignore' });

function supervised(launch: () => ReturnType<ReturnType<typeof node>>, policy = POLICY) {
  const events: Array<SupervisorEvent & { at: number }> = [];
  const launches: number[] = [];
  const waiters: Array<() => void> = [];
  const child = superviseChild({
    name: 'crashy',
    policy,
    launch: () => {
      launches.push(Date.now());
      return launch();
    },
    on: (event) => {
      events.push({ ...event, at: Date.now() });
      waiters.splice(0).forEach((wake) => wake());
    },
  });
  const until = async (done: () => boolean, ms = 20_000) => {
    const deadline = Date.now() + ms;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`not reached; events: ${JSON.stringify(events)}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  };
  const of = (kind: SupervisorEvent['kind']) => events.filter((event) => event.kind === kind) as any[];
  return { child, events, launches, until, of };
}

const stopped = (child: SupervisedChild) => child.stop((process) => process.kill('SIGTERM'));

describe('the child supervisor of npm start', () => {
  it('waits twice as long after each crash in a row, up to the cap', () => {
    expect([1, 2, 3, 4, 5, 40].map((n) => restartDelayMs(n, POLICY))).toEqual([40, 80, 160, 160, 160, 160]);
  });

  it('restarts a child that keeps crashing, backing off exponentially to the cap, and reports each crash and restart', async () => {
    const run = supervised(node('process.exit(3)'));
    await run.until(() => run.of('crashed').length >= 5);
    await stopped(run.child);
    const crashes = run.of('crashed').slice(0, 5);
    expect(crashes.map((c) => [c.code, c.crashesInARow, c.restartInMs])).toEqual([
      [3, 1, 40],
      [3, 2, 80],
      [3, 3, 160],
      [3, 4, 160],
      [3, 5, 160],
    ]);
    // Each new process starts no sooner than its back-off after the crash before it.
    for (let i = 0; i < 4; i++) {
      expect(run.launches[i + 1] - crashes[i].at).toBeGreaterThanOrEqual(crashes[i].restartInMs - 5);
    }
    expect(run.of('restarted').map((r) => r.restarts)).toEqual(expect.arrayContaining([1, 2, 3, 4]));
  });

  it('resets the back-off once a restarted child has run for the stable period', async () => {
    // Crashes at once twice, then runs longer than the stable period before crashing again.
    let starts = 0;
    const run = supervised(() => {
      starts += 1;
      return node(starts <= 2 ? 'process.exit(1)' : 'setTimeout(() => process.exit(1), 4300)')();
    });
    await run.until(() => run.of('crashed').length >= 3);
    await stopped(run.child);
    expect(run.of('crashed').map((c) => c.crashesInARow)).toEqual([1, 2, 1]);
    expect(run.of('crashed')[2].restartInMs).toBe(POLICY.firstDelayMs);
    expect(run.of('stable')).toEqual([expect.objectContaining({ restarts: 2 })]);
  });

  it('leaves a child that refuses its configuration (exit 78) down', async () => {
    const run = supervised(node('process.exit(78)'));
    await run.until(() => run.events.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, POLICY.firstDelayMs * 3));
    expect(run.events.map((e) => e.kind)).toEqual(['not-restarting']);
    expect(run.launches).toHaveLength(1);
    expect(run.child.restartPending).toBe(false);
  });

  it('restarts nothing once stopped: a running child is signalled, a scheduled restart is cancelled', async () => {
    const running = supervised(node('setInterval(() => {}, 1000)'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await stopped(running.child);
    expect(running.events.map((e) => e.kind)).toEqual(['exited']);
    expect(running.of('exited')[0]).toMatchObject({ asked: true, signal: 'SIGTERM' });

    const crashed = supervised(node('process.exit(2)'), { ...POLICY, firstDelayMs: 300 });
    await crashed.until(() => crashed.of('crashed').length === 1);
    expect(crashed.child.restartPending).toBe(true);
    await stopped(crashed.child);
    expect(crashed.child.restartPending).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(crashed.launches).toHaveLength(1);
    expect(crashed.events.map((e) => e.kind)).toEqual(['crashed']);
  });

  it('reports a one-shot job’s exit without restarting it', async () => {
    const events: SupervisorEvent[] = [];
    const job = superviseChild({
      name: 'seed',
      launch: node('process.exit(0)'),
      restart: false,
      on: (e) => events.push(e),
    });
    await job.gone;
    expect(events).toEqual([{ kind: 'exited', code: 0, signal: null, asked: false }]);
  });
});
