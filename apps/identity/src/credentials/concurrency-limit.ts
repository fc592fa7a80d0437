/**
 * Runs at most `limit` tasks at once; the others wait their turn, first come first served.
 * `limit` is read at each start, so a config value can be passed as a getter.
 */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: () => number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit()) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      // The slot passes straight to the next in line, so `running` stays as it is.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Tasks waiting for a slot (for metrics and tests). */
  get queued(): number {
    return this.waiting.length;
  }
}
