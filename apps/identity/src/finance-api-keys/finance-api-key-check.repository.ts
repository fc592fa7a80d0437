import { Injectable } from '@nestjs/common';
import { DirectSql, PreparedStatement } from '@pt/persistence';
import { RateRule, waitSecondsOf } from '../credentials/rate-limit.repository';

/** A live key found by its hash, and how its rate cell stands after this request. */
export interface FinanceApiKeyCheck {
  id: string;
  scopes: string[];
  expiresAt: Date;
  /** How far the key's `tat` runs ahead of now after this request. */
  leadSeconds: number;
  /** Null when the request was counted; otherwise the whole seconds to wait (nothing counted). */
  waitSeconds: number | null;
}

interface CheckRow {
  id: string;
  scopes: string[];
  /** As the ORM's pool returns it (it may hand timestamps back as text). */
  expires_at: Date | string;
  taken_lead: number | null;
  held_lead: number | null;
}

/**
 * The key by hash, if live at `$2` (the service's clock, so tests can move it past an
 * expiry), and its request counted in the same statement: the GCRA step of
 * RateLimitRepository.consume on the cell `rateKeyHash('finance-api-key:' + id)`,
 * spelled in SQL (sha256, base64url without padding) so the key's id need not come back
 * first. When the cell refuses, the insert returns nothing and `held_lead` (read from the
 * statement's snapshot, which the refused update did not change) gives the wait.
 * Neither table has row-level security (platform data), so no scope is set.
 */
const CHECK: PreparedStatement = {
  name: 'identity_finance_api_key_check',
  text: `with k as (
           select id, scopes, expires_at,
                  translate(rtrim(encode(sha256(convert_to('finance-api-key:' || id::text, 'UTF8')), 'base64'), '='),
                            '+/', '-_') as rate_key
             from finance_api_key
            where key_hash = $1 and revoked_at is null and expires_at > $2::timestamptz
         ), taken as (
           insert into rate_limit as r (key_hash, tat)
           select rate_key, now() + $3::double precision * interval '1 second' from k
           on conflict (key_hash) do update set tat = greatest(r.tat, now()) + (excluded.tat - now())
            where greatest(r.tat, now()) + (excluded.tat - now()) <= now() + $4::double precision * interval '1 second'
           returning extract(epoch from tat - now())::double precision as lead
         )
         select k.id, k.scopes, k.expires_at,
                (select lead from taken) as taken_lead,
                (select extract(epoch from r.tat - now())::double precision
                   from rate_limit r where r.key_hash = k.rate_key) as held_lead
           from k`,
};

/** Rows are swept now and then instead of by a job, as RateLimitRepository does. */
const SWEEP: PreparedStatement = {
  name: 'identity_rate_limit_sweep',
  text: 'delete from rate_limit where tat < now()',
};
const SWEEP_ONE_IN = 256;

/**
 * The finance API's per-request key check (P28), one prepared statement in a transaction
 * of its own instead of a unit of work's BEGIN, lookup, upsert and COMMIT: it runs before
 * every finance API request (scripts/bench/finance-list.ts).
 */
@Injectable()
export class FinanceApiKeyCheckRepository {
  constructor(private readonly sql: DirectSql) {}

  async check(keyHash: string, now: Date, rule: RateRule): Promise<FinanceApiKeyCheck | null> {
    if (Math.random() * SWEEP_ONE_IN < 1) await this.sql.query(SWEEP, []);
    const step = rule.windowSeconds / rule.limit;
    const [row] = await this.sql.query<CheckRow>(CHECK, [keyHash, now, step, rule.windowSeconds]);
    if (!row) return null;
    if (row.taken_lead !== null) {
      return {
        id: row.id,
        scopes: row.scopes,
        expiresAt: new Date(row.expires_at),
        leadSeconds: row.taken_lead,
        waitSeconds: null,
      };
    }
    return {
      id: row.id,
      scopes: row.scopes,
      expiresAt: new Date(row.expires_at),
      leadSeconds: Number(row.held_lead ?? 0),
      waitSeconds: waitSecondsOf(row.held_lead, rule) ?? 1,
    };
  }
}
