import { ConcurrencyLimit } from './concurrency-limit';

/** A task that stays running until released, recording how many ran at once. */
function gatedTasks(count: number) {
  let active = 0;
  let peak = 0;
  const order: number[] = [];
  const releases: Array<() => void> = [];
  const tasks = Array.from({ length: count }, (_, i) => async () => {
    active++;
    peak = Math.max(peak, active);
    order.push(i);
    await new Promise<void>((resolve) => releases.push(resolve));
    active--;
    return i;
  });
  return { tasks, releases, peak: () => peak, order };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ConcurrencyLimit (argon2id hashes at once, P2/P3)', () => {
  it('never runs more than the limit at once and starts the rest in arrival order', async () => {
    const limit = new ConcurrencyLimit(() => 2);
    const { tasks, releases, peak, order } = gatedTasks(5);
    const results = tasks.map((task) => limit.run(task));
    await settle();
    expect(order).toEqual([0, 1]);
    expect(limit.queued).toBe(3);
    // Each release lets the next waiting task start in the freed slot.
    while (releases.length) {
      releases.shift()!();
      await settle();
    }
    await expect(Promise.all(results)).resolves.toEqual([0, 1, 2, 3, 4]);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(peak()).toBe(2);
    expect(limit.queued).toBe(0);
  });

  it('frees the slot of a task that fails', async () => {
    const limit = new ConcurrencyLimit(() => 1);
    await expect(limit.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(limit.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});
