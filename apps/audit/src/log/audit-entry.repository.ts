import { EntityManager, Knex } from '@mikro-orm/postgresql';
import { AuditEntryFilter } from '@pt/contracts';
import { CursorPosition, transactionKnex } from '@pt/persistence';
import { AuditEntry } from './audit-entry.entity';
import { ChainRow } from './chain-text';
import type { HashedEntryContent } from './entry-hash';

export type { ChainRow } from './chain-text';

export interface ChainHead {
  chain: string;
  tenantId: string | null;
  sequence: number;
  hash: string;
}

/** id, chain, sequence, event id, tenant, actor id and kind, grant, action, subject type and id, request, ip, time, detail, prev hash, hash. */
type RawChainRow = [
  string,
  string,
  number,
  string,
  string | null,
  string | null,
  string,
  string | null,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  string,
  Record<string, unknown>,
  string,
  string,
];

/** An entry about to be appended: its hashed content and its hash. */
export type NewAuditEntry = HashedEntryContent & { hash: string };

/** Entries per INSERT statement when appending many. */
const INSERT_CHUNK = 5000;

export class AuditEntryRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * A statement with its values sent as bind parameters, in the unit of work's transaction.
   * `em.execute` writes the values into the SQL text, escaping a large JSON parameter
   * character by character: most of ingestion's time went there and to the garbage it made.
   */
  private async bound(sql: string, bindings: unknown[]): Promise<void> {
    const knex = transactionKnex(this.em);
    await knex.raw(sql, bindings as Knex.RawBinding[]);
  }

  /**
   * Inserts many entries in one statement, the rows passed as one JSON parameter that
   * Postgres unpacks: ingestion appends hundreds of entries per transaction, and the ORM's
   * per-entity flush work was most of its cost. At most INSERT_CHUNK entries a statement:
   * an import's batch event makes up to 1,000 entries, so a batch of waiting events can
   * make far more than a JSON string may hold.
   */
  async insertAll(entries: NewAuditEntry[]): Promise<void> {
    for (let start = 0; start < entries.length; start += INSERT_CHUNK) {
      await this.insertChunk(entries.slice(start, start + INSERT_CHUNK));
    }
  }

  private async insertChunk(entries: NewAuditEntry[]): Promise<void> {
    if (!entries.length) return;
    const rows = entries.map((e) => ({
      id: e.id,
      chain: e.chain,
      sequence: e.sequence,
      event_id: e.eventId,
      tenant_id: e.tenantId,
      actor_id: e.actorId,
      actor_kind: e.actorKind,
      support_grant_id: e.supportGrantId,
      action: e.action,
      subject_type: e.subjectType,
      subject_id: e.subjectId,
      request_id: e.requestId,
      ip: e.ip,
      occurred_at: e.occurredAt.toISOString(),
      detail: e.detail,
      prev_hash: e.prevHash,
      hash: e.hash,
    }));
    await this.bound(
      `insert into audit_entry (id, chain, sequence, event_id, tenant_id, actor_id, actor_kind, support_grant_id, action,
         subject_type, subject_id, request_id, ip, occurred_at, detail, prev_hash, hash)
       select id, chain, sequence, event_id, tenant_id, actor_id, actor_kind, support_grant_id, action,
         subject_type, subject_id, request_id, ip, occurred_at, detail, prev_hash, hash
       from jsonb_to_recordset(?::jsonb) as t(id uuid, chain text, sequence bigint, event_id uuid, tenant_id uuid,
         actor_id text, actor_kind text, support_grant_id text, action text, subject_type text, subject_id text,
         request_id text, ip text, occurred_at timestamptz, detail jsonb, prev_hash text, hash text)`,
      [JSON.stringify(rows)],
    );
  }

  /**
   * Locks chains until the transaction ends and reads their heads: two appends reading the
   * same head would fork a chain, while other chains (other schools) are not held up. One
   * statement for all the chains a batch of events touches; the locks are taken in sorted
   * order, so two batches cannot deadlock. Chains without entries are absent from the result.
   */
  async lockChainsAndReadHeads(chains: string[]): Promise<Map<string, { sequence: number; hash: string }>> {
    const sorted = [...new Set(chains)].sort();
    if (!sorted.length) return new Map();
    const list = JSON.stringify(sorted);
    await this.em.execute(
      `select pg_advisory_xact_lock(hashtext('audit-chain:' || c))
         from jsonb_array_elements_text(?::jsonb) with ordinality as t(c, n) order by n`,
      [list],
    );
    const rows = await this.em.execute<{ chain: string; sequence: string; hash: string }[]>(
      `select c.chain, h.sequence, h.hash from jsonb_array_elements_text(?::jsonb) as c(chain)
       join lateral (select sequence, hash from audit_entry e where e.chain = c.chain order by sequence desc limit 1) h on true`,
      [list],
    );
    return new Map(rows.map((r) => [r.chain, { sequence: Number(r.sequence), hash: r.hash }]));
  }

  /**
   * Newest first, `limit + 1` rows after the cursor (keyset on occurred_at, id). The
   * tenant filter and row-level security limit it to the scope's school; `platformOnly`
   * reads the platform chain (entries without a school).
   */
  page(filter: AuditEntryFilter, limit: number, after: CursorPosition | null, platformOnly: boolean) {
    const where: Record<string, unknown>[] = [];
    if (platformOnly) where.push({ tenantId: null });
    if (filter.from) where.push({ occurredAt: { $gte: new Date(filter.from) } });
    if (filter.to) where.push({ occurredAt: { $lt: new Date(filter.to) } });
    if (filter.actorId) where.push({ actorId: filter.actorId });
    if (filter.action) where.push({ $or: [{ action: filter.action }, { action: { $like: `${filter.action}.%` } }] });
    if (filter.subjectType) where.push({ subjectType: filter.subjectType });
    if (filter.subjectId) where.push({ subjectId: filter.subjectId });
    if (filter.supportGrantId) where.push({ supportGrantId: filter.supportGrantId });
    if (after) {
      const at = new Date(after.key);
      where.push({ $or: [{ occurredAt: { $lt: at } }, { occurredAt: at, id: { $lt: after.id } }] });
    }
    return this.em.find(AuditEntry, where.length ? { $and: where } : {}, {
      orderBy: { occurredAt: 'desc', id: 'desc' },
      limit: limit + 1,
    });
  }

  /**
   * One chain's entries numbered after `afterSequence` up to `upTo`, in order, as plain rows. Verify reads
   * every entry of every chain, so this is built for speed: Postgres writes the batch as
   * one text, a line per entry and a tab between fields (plain concatenation, far cheaper
   * for it than JSON), with a mark of which nullable fields are null; Node splits it. A
   * field holding a tab or a line break (no entry the service writes has one) would shift
   * the fields: a batch that does not split into exactly `entries` lines of the expected
   * fields (chain-text.ts) is read again with `chainRows`, as JSON, which escapes everything.
   */
  async chainText(chain: string, afterSequence: number, upTo: number): Promise<{ text: string; entries: number }> {
    const [{ batch, entries }] = await this.em.execute<{ batch: string | null; entries: string }[]>(
      `select string_agg(
                id::text || E'\t' || chain || E'\t' || sequence::text || E'\t' || event_id::text || E'\t' ||
                coalesce(tenant_id::text, '') || E'\t' || coalesce(actor_id, '') || E'\t' || actor_kind || E'\t' ||
                coalesce(support_grant_id, '') || E'\t' || action || E'\t' || coalesce(subject_type, '') || E'\t' ||
                coalesce(subject_id, '') || E'\t' || coalesce(request_id, '') || E'\t' || coalesce(ip, '') || E'\t' ||
                to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || E'\t' ||
                detail::text || E'\t' || prev_hash || E'\t' || hash || E'\t' ||
                (actor_id is null)::int || (support_grant_id is null)::int || (subject_type is null)::int ||
                (subject_id is null)::int || (request_id is null)::int || (ip is null)::int,
                E'\n' order by sequence) as batch,
              count(*) as entries
         from (select * from audit_entry where chain = ? and sequence > ? and sequence <= ?) e`,
      [chain, afterSequence, upTo],
    );
    return { text: batch ?? '', entries: Number(entries) };
  }

  /** The same entries as `chainText`, through JSON: slower, but exact whatever the fields hold. */
  async chainRows(chain: string, afterSequence: number, upTo: number): Promise<ChainRow[]> {
    const [{ batch }] = await this.em.execute<{ batch: string }[]>(
      `select coalesce(json_agg(json_build_array(id, chain, sequence, event_id, tenant_id, actor_id, actor_kind,
                support_grant_id, action, subject_type, subject_id, request_id, ip,
                to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), detail, prev_hash, hash)
                order by sequence), '[]')::text as batch
         from (select * from audit_entry where chain = ? and sequence > ? and sequence <= ?) e`,
      [chain, afterSequence, upTo],
    );
    return (JSON.parse(batch) as RawChainRow[]).map((r) => ({
      id: r[0],
      chain: r[1],
      sequence: r[2],
      eventId: r[3],
      tenantId: r[4],
      actorId: r[5],
      actorKind: r[6],
      supportGrantId: r[7],
      action: r[8],
      subjectType: r[9],
      subjectId: r[10],
      requestId: r[11],
      ip: r[12],
      occurredAt: r[13],
      detail: r[14],
      prevHash: r[15],
      hash: r[16],
    }));
  }

  /** The highest sequence number in a chain (0 when it has no entries). */
  async lastSequence(chain: string): Promise<number> {
    const [row] = await this.em.execute<{ sequence: string }[]>(
      'select sequence from audit_entry where chain = ? order by sequence desc limit 1',
      [chain],
    );
    return row ? Number(row.sequence) : 0;
  }

  async chains(): Promise<string[]> {
    const rows = await this.em.execute<{ chain: string }[]>(
      'select chain from audit_entry group by chain union select chain from audit_checkpoint group by chain order by 1',
    );
    return rows.map((r) => r.chain);
  }

  async heads(): Promise<ChainHead[]> {
    const rows = await this.em.execute<{ chain: string; tenant_id: string | null; sequence: string; hash: string }[]>(
      'select distinct on (chain) chain, tenant_id, sequence, hash from audit_entry order by chain, sequence desc',
    );
    return rows.map((r) => ({ chain: r.chain, tenantId: r.tenant_id, sequence: Number(r.sequence), hash: r.hash }));
  }
}
