/**
 * A steady load of writes for the fault suites, and the ledger that judges it once the
 * fault is over. Each write carries a key of its own (a UPN, a name) that the test can
 * later count in the database.
 *
 * How a client must read an answer, and so what the platform owes it:
 * - acknowledged (2xx): the write is done. After recovery it must be there exactly once;
 *   one missing is an acknowledged write LOST.
 * - refused (any other 4xx or 5xx, 504 aside: 503 with Retry-After, 500, 400...): the client
 *   is told it failed and may retry or give up. It must not be there; one that is is a
 *   GHOST write (a retry would then apply it twice).
 * - unknown (504, or no HTTP answer at all): the gateway gave up waiting, so the write may
 *   or may not have happened; it must be there at most once (applied once or not at all).
 * Whatever the answer, no write may be applied twice, and nothing may appear that was
 * never sent.
 */
import { Reply } from './gateway-client';

export type WriteOutcome = 'acknowledged' | 'refused' | 'unknown';

export interface WriteRecord {
  key: string;
  /** null: no HTTP answer (connection refused or reset). */
  status: number | null;
  /** The problem's code, when refused or unknown. */
  code: string | null;
  contentType: string | null;
  retryAfter: string | null;
  startedAt: number;
  endedAt: number;
  outcome: WriteOutcome;
}

export interface WriteTally {
  acknowledged: number;
  refused: number;
  unknown: number;
  /** Acknowledged but not applied. Must be empty. */
  lost: string[];
  /** Refused but applied. Must be empty. */
  ghosts: string[];
  /** Applied more than once. Must be empty. */
  duplicates: string[];
  /** Applied but never sent by the load. Must be empty. */
  strangers: string[];
  /** Unknown outcomes that were applied (once): allowed, reported. */
  unknownApplied: number;
  /** Answers by status (`none` for no answer). */
  statuses: Record<string, number>;
}

export function outcomeOf(status: number | null): WriteOutcome {
  if (status === null || status === 504) return 'unknown';
  return status >= 200 && status < 300 ? 'acknowledged' : 'refused';
}

export interface WriteLoadOptions {
  /** Writers running at once, each sending its next write when the last is answered. */
  writers: number;
  /** A fresh key for the next write. */
  nextKey: () => string;
  /** Sends the write with that key. */
  write: (key: string) => Promise<Reply>;
  /** Pause between a writer's writes (default 0). */
  pauseMs?: number;
}

export class WriteLoad {
  readonly records: WriteRecord[] = [];
  private readonly pending = new Map<string, number>();
  private running = true;
  private readonly writers: Promise<void>[];

  private constructor(private readonly options: WriteLoadOptions) {
    this.writers = Array.from({ length: options.writers }, () => this.writer());
  }

  static start(options: WriteLoadOptions): WriteLoad {
    return new WriteLoad(options);
  }

  /** Writes sent and not yet answered. */
  inFlight(): string[] {
    return [...this.pending.keys()];
  }

  /** Waits until `count` more writes have been answered `outcome` (default: acknowledged). */
  async untilMore(count: number, outcome: WriteOutcome = 'acknowledged', timeoutMs = 20_000): Promise<void> {
    const target = this.count(outcome) + count;
    const deadline = Date.now() + timeoutMs;
    while (this.count(outcome) < target) {
      if (Date.now() > deadline) {
        throw new Error(`fewer than ${count} more ${outcome} writes within ${timeoutMs} ms: ${this.describe()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  count(outcome: WriteOutcome): number {
    return this.records.filter((record) => record.outcome === outcome).length;
  }

  /** Stops sending; resolves once every write in flight has its answer. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.writers);
  }

  /** Judges the answers against what was applied (key -> how many times), once the fault is over. */
  tally(applied: Map<string, number>): WriteTally {
    const sent = new Map(this.records.map((record) => [record.key, record]));
    const tally: WriteTally = {
      acknowledged: 0,
      refused: 0,
      unknown: 0,
      lost: [],
      ghosts: [],
      duplicates: [],
      strangers: [],
      unknownApplied: 0,
      statuses: {},
    };
    for (const record of this.records) {
      tally[record.outcome] += 1;
      const status = record.status === null ? 'none' : String(record.status);
      tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
      const times = applied.get(record.key) ?? 0;
      if (times > 1) tally.duplicates.push(record.key);
      if (record.outcome === 'acknowledged' && times === 0) tally.lost.push(record.key);
      if (record.outcome === 'refused' && times > 0) tally.ghosts.push(record.key);
      if (record.outcome === 'unknown' && times > 0) tally.unknownApplied += 1;
    }
    for (const key of applied.keys()) if (!sent.has(key)) tally.strangers.push(key);
    return tally;
  }

  describe(): string {
    const statuses: Record<string, number> = {};
    for (const record of this.records) {
      const status = record.status === null ? 'none' : String(record.status);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
    return JSON.stringify({ statuses, inFlight: this.pending.size });
  }

  private async writer(): Promise<void> {
    while (this.running) {
      const key = this.options.nextKey();
      const startedAt = Date.now();
      this.pending.set(key, startedAt);
      let status: number | null = null;
      let code: string | null = null;
      let contentType: string | null = null;
      let retryAfter: string | null = null;
      try {
        const reply = await this.options.write(key);
        status = reply.status;
        contentType = reply.headers.get('content-type');
        retryAfter = reply.headers.get('retry-after');
        code = typeof reply.body?.code === 'string' ? reply.body.code : null;
      } catch {
        // No HTTP answer: the client cannot know whether the write happened.
      }
      this.pending.delete(key);
      this.records.push({
        key,
        status,
        code,
        contentType,
        retryAfter,
        startedAt,
        endedAt: Date.now(),
        outcome: outcomeOf(status),
      });
      // At least a turn of the event loop between writes, so that answers given at once cannot starve the test's timers.
      await new Promise((resolve) => setTimeout(resolve, this.options.pauseMs ?? 0));
    }
  }
}
