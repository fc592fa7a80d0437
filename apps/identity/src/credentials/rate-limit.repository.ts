import { EntityManager } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';

/** At most `limit` events per `windowSeconds`: a burst of `limit`, then one every windowSeconds / limit. */
export interface RateRule {
  limit: number;
  windowSeconds: number;
}

/** Rows are swept now and then instead of by a job: a row whose time has passed means nothing. */
const SWEEP_ONE_IN = 256;

export function rateKeyHash(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}

/**
 * The generic cell rate algorithm on Postgres' clock. `tat` moves forward by
 * window / limit per event; an event is allowed while `tat` (after it) stays within one
 * window of now. Each statement is atomic, so concurrent replicas share one count. The
 * inserted `tat` carries the step, so the conflict branch reads it as `excluded.tat - now()`.
 * The finance API's key check (FinanceApiKeyCheckRepository) takes the same step in SQL of its own.
 */
export class RateLimitRepository {
  constructor(private readonly em: EntityManager) {}

  /** Counts an event if it is allowed; otherwise counts nothing and returns the seconds to wait. */
  async consume(key: string, rule: RateRule): Promise<number | null> {
    const hash = rateKeyHash(key);
    await this.maybeSweep();
    const taken = await this.em.execute<unknown[]>(
      `insert into rate_limit as r (key_hash, tat) values (?, now() + ? * interval '1 second')
       on conflict (key_hash) do update set tat = greatest(r.tat, now()) + (excluded.tat - now())
        where greatest(r.tat, now()) + (excluded.tat - now()) <= now() + ? * interval '1 second'
       returning 1`,
      [hash, step(rule), rule.windowSeconds],
    );
    return taken.length ? null : this.waitSeconds(hash, rule);
  }

  /** Seconds to wait before the next event is allowed, or null if it is allowed now (counts nothing). */
  check(key: string, rule: RateRule): Promise<number | null> {
    return this.waitSeconds(rateKeyHash(key), rule);
  }

  /** Counts an event that has happened (allowed by check()), never further ahead than one window. */
  async record(key: string, rule: RateRule): Promise<void> {
    await this.maybeSweep();
    await this.em.execute(
      `insert into rate_limit as r (key_hash, tat) values (?, now() + ? * interval '1 second')
       on conflict (key_hash) do update
         set tat = least(greatest(r.tat, now()) + (excluded.tat - now()), now() + ? * interval '1 second')`,
      [rateKeyHash(key), step(rule), rule.windowSeconds],
    );
  }

  private async waitSeconds(hash: string, rule: RateRule): Promise<number | null> {
    const rows = await this.em.execute<Array<{ lead: string | number | null }>>(
      `select extract(epoch from tat - now()) as lead from rate_limit where key_hash = ?`,
      [hash],
    );
    return waitSecondsOf(rows[0]?.lead, rule);
  }

  private async maybeSweep(): Promise<void> {
    if (Math.random() * SWEEP_ONE_IN < 1) await this.em.execute(`delete from rate_limit where tat < now()`);
  }
}

/**
 * Whole seconds to wait (at least 1) before a key's next event is allowed, or null when
 * it is allowed now. `leadSeconds`: how far the key's `tat` runs ahead of now (negative
 * once passed; null: no row), read as `extract(epoch from tat - now())` so that the rule
 * is applied here only.
 */
export function waitSecondsOf(leadSeconds: string | number | null | undefined, rule: RateRule): number | null {
  if (leadSeconds === null || leadSeconds === undefined) return null;
  const wait = Math.max(Number(leadSeconds), 0) + step(rule) - rule.windowSeconds;
  return wait > 0 ? Math.max(1, Math.ceil(wait)) : null;
}

function step(rule: RateRule): number {
  return rule.windowSeconds / rule.limit;
}
