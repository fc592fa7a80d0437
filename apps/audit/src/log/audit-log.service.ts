import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  AuditBrokenLink,
  AuditCheckpointResult,
  AuditEntryPage,
  AuditEntryView,
  AuditVerification,
  EventEnvelope,
  ListAuditEntriesRequest,
  MessageContext,
} from '@pt/contracts';
import { DataScope, decodeCursor, pageOf, PLATFORM_SCOPE, tenantScope, UnitOfWork } from '@pt/persistence';
import { BusException, uuid7 } from '@pt/platform';
import { AuditConfig } from '../audit.config';
import { AuditCheckpoint } from './audit-checkpoint.entity';
import { AuditCheckpointRepository } from './audit-checkpoint.repository';
import { AuditEntry, chainOf } from './audit-entry.entity';
import { AuditEntryRepository, NewAuditEntry } from './audit-entry.repository';
import { checkpointSignature, entryHash, GENESIS_HASH, signatureMatches } from './entry-hash';
import { ChainLink, parseChainLinks } from './chain-text';
import { EntryHashers } from './entry-hashers';
import { entriesOf } from './event-entry';

const VERIFY_BATCH = 20_000;
/** Entries made and inserted at a time by appendAll (one INSERT statement's worth). */
export const APPEND_CHUNK = 5000;

/**
 * The append-only, hash-chained audit log (P24) and what the school sees of it, including
 * every action taken under a support grant (P12).
 */
@Injectable()
export class AuditLogService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly config: AuditConfig,
    private readonly hashers: EntryHashers,
  ) {}

  /**
   * Appends the entry of one event to its chain, inside the consumer's transaction that
   * also records the event as processed: a redelivered event appends nothing.
   */
  async append(em: EntityManager, event: EventEnvelope): Promise<void> {
    await this.appendAll(em, [event]);
  }

  /**
   * Appends the entries of several events, in the order given, inside the consumer's
   * transaction that records them all as processed: each chain is locked and its head read
   * once, and the entries are inserted together. Ingestion takes waiting events in batches
   * this way (one transaction per school in the batch rather than one per event).
   * An import's batch event makes up to 1,000 entries, so a batch of such events could make a
   * million: entries are made and inserted APPEND_CHUNK at a time, each chain's head carried
   * from one chunk to the next, so memory holds one chunk whatever the batch holds.
   */
  async appendAll(em: EntityManager, events: EventEnvelope[]): Promise<void> {
    const entries = new AuditEntryRepository(em);
    // Every entry of an event is on its event's chain: all of them are locked at once, in order,
    // before any entry is made (locking chains as chunks meet them could deadlock two writers).
    const heads = await entries.lockChainsAndReadHeads(events.map((event) => chainOf(event.tenantId ?? null)));
    let chunk: NewAuditEntry[] = [];
    for (const event of events) {
      for (const { fields, eventId } of entriesOf(event)) {
        const chain = chainOf(fields.tenantId);
        const head = heads.get(chain) ?? { sequence: 0, hash: GENESIS_HASH };
        const content = { ...fields, id: uuid7(), chain, sequence: head.sequence + 1, eventId, prevHash: head.hash };
        const hash = entryHash(content);
        chunk.push({ ...content, hash });
        heads.set(chain, { sequence: content.sequence, hash });
        if (chunk.length >= APPEND_CHUNK) {
          await entries.insertAll(chunk);
          chunk = [];
        }
      }
    }
    if (chunk.length) await entries.insertAll(chunk);
  }

  /**
   * A school's staff read their own school's log whatever the request says; platform
   * auditors name the school, or read the platform chain without one.
   */
  async list(ctx: MessageContext, request: ListAuditEntriesRequest): Promise<AuditEntryPage> {
    const after = request.cursor ? decodeCursor(request.cursor) : null;
    if (request.cursor && !after)
      throw BusException.validation([{ field: 'cursor', message: 'is not a valid cursor' }]);
    // Outside a school the access rule admitted only platform auditors and the platform's jobs.
    const scope: DataScope = ctx.tenantId
      ? tenantScope(ctx.tenantId)
      : request.schoolId
        ? tenantScope(request.schoolId)
        : PLATFORM_SCOPE;
    const limit = Number.isInteger(request.limit) ? Math.max(1, Math.min(request.limit, 1000)) : 50;
    const rows = await this.unitOfWork.run(scope, (em) =>
      new AuditEntryRepository(em).page(request, limit, after, scope.kind === 'platform'),
    );
    const page = pageOf(rows, limit, (entry) => ({ key: entry.occurredAt.toISOString(), id: entry.id }));
    return { items: page.items.map(toView), nextCursor: page.nextCursor };
  }

  /** Walks one school's chain, or every chain, and names the first broken link. */
  async verify(schoolId?: string): Promise<AuditVerification> {
    return this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const entries = new AuditEntryRepository(em);
      const chains = schoolId ? [schoolId] : await entries.chains();
      let walked = 0;
      for (const chain of chains) {
        const result = await this.verifyChain(em, chain);
        walked += result.entries;
        if (result.broken) return { ok: false, chains: chains.length, entries: walked, firstBroken: result.broken };
      }
      return { ok: true, chains: chains.length, entries: walked };
    });
  }

  private async verifyChain(em: EntityManager, chain: string): Promise<{ entries: number; broken?: AuditBrokenLink }> {
    const entries = new AuditEntryRepository(em);
    const checkpoints = (await new AuditCheckpointRepository(em).ofChain(chain)).map((c) => ({
      chain: c.chain,
      tenantId: c.tenantId,
      sequence: c.sequence,
      hash: c.hash,
      createdAt: c.createdAt,
      retentionCut: c.retentionCut,
      signature: c.signature,
    }));
    for (const checkpoint of checkpoints) {
      if (!signatureMatches(this.config.checkpointKey, checkpoint, checkpoint.signature)) {
        return {
          entries: 0,
          broken: { chain, sequence: checkpoint.sequence, entryId: null, reason: 'checkpoint_signature_invalid' },
        };
      }
    }
    const checkpointAt = new Map(checkpoints.map((c) => [c.sequence, c.hash]));
    // Retention (P24): entries up to the latest signed retention cut were removed on
    // purpose; the chain then starts after the cut and links to the cut's hash.
    const cut = checkpoints.reduce<(typeof checkpoints)[number] | undefined>(
      (latest, c) => (c.retentionCut && (!latest || c.sequence > latest.sequence) ? c : latest),
      undefined,
    );
    let expected = (cut?.sequence ?? 0) + 1;
    let prevHash = cut?.hash ?? GENESIS_HASH;
    let walked = 0;
    // Read by ranges of sequence numbers up to the chain's last entry: a range is an index
    // scan whatever the planner guesses of the row-security filter (with `limit` alone it
    // chose to scan and sort the whole table for every batch). Two ranges are read ahead
    // and hashed on other threads while this one's links are checked here.
    const lastSequence = await entries.lastSequence(chain);
    const range = (after: number) => {
      const upTo = Math.min(after + VERIFY_BATCH, lastSequence);
      const batch = entries.chainText(chain, after, upTo).then(async ({ text, entries: count }) => {
        const links = count ? parseChainLinks(text, count) : [];
        const hashes = links && (count ? await this.hashers.hashText(text, count) : []);
        if (links && hashes) return { links, hashes };
        // A field the text form cannot carry: this batch again, as JSON, hashed here.
        const rows = await entries.chainRows(chain, after, upTo);
        return { links: rows as ChainLink[], hashes: rows.map(entryHash) };
      });
      // A broken link found earlier ends the walk with this read unused.
      batch.catch(() => undefined);
      return batch;
    };
    const ahead: ReturnType<typeof range>[] = [];
    for (let from = expected - 1; from < lastSequence && ahead.length < 2; from += VERIFY_BATCH) {
      ahead.push(range(from));
    }
    let nextFrom = expected - 1 + ahead.length * VERIFY_BATCH;
    while (ahead.length) {
      const { links: batch, hashes } = await ahead.shift()!;
      if (nextFrom < lastSequence) {
        ahead.push(range(nextFrom));
        nextFrom += VERIFY_BATCH;
      }
      for (const [index, entry] of batch.entries()) {
        const at = (reason: AuditBrokenLink['reason'], entryId: string | null = entry.id) => ({
          entries: walked,
          broken: { chain, sequence: expected, entryId, reason },
        });
        // A missing sequence number is a deleted entry; the one found in its place is not at fault.
        if (entry.sequence !== expected) return at('sequence_gap', null);
        if (entry.chain !== chainOf(entry.tenantId)) return at('chain_mismatch');
        if (hashes[index] !== entry.hash) return at('hash_mismatch');
        if (entry.prevHash !== prevHash) return at('prev_hash_mismatch');
        const checkpointed = checkpointAt.get(entry.sequence);
        if (checkpointed !== undefined && checkpointed !== entry.hash) return at('checkpoint_mismatch');
        prevHash = entry.hash;
        expected += 1;
        walked += 1;
      }
    }
    const last = expected - 1;
    const unreached = checkpoints.find((c) => c.sequence > last);
    if (unreached) {
      return { entries: walked, broken: { chain, sequence: last + 1, entryId: null, reason: 'checkpoint_unreached' } };
    }
    return { entries: walked };
  }

  /** Signs the head of every chain that has grown since its last checkpoint. */
  checkpoint(): Promise<AuditCheckpointResult> {
    return this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const checkpoints = new AuditCheckpointRepository(em);
      const latest = await checkpoints.latestSequences();
      const heads = await new AuditEntryRepository(em).heads();
      let checkpointed = 0;
      for (const head of heads) {
        if ((latest.get(head.chain) ?? 0) >= head.sequence) continue;
        const checkpoint = Object.assign(new AuditCheckpoint(), {
          id: uuid7(),
          chain: head.chain,
          tenantId: head.tenantId,
          sequence: head.sequence,
          hash: head.hash,
          createdAt: new Date(),
        });
        checkpoint.signature = checkpointSignature(this.config.checkpointKey, checkpoint);
        checkpoints.add(checkpoint);
        checkpointed += 1;
      }
      return { checkpointed };
    });
  }
}

function toView(entry: AuditEntry): AuditEntryView {
  return {
    id: entry.id,
    eventId: entry.eventId,
    tenantId: entry.tenantId,
    sequence: entry.sequence,
    actorId: entry.actorId,
    actorKind: entry.actorKind,
    supportGrantId: entry.supportGrantId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    requestId: entry.requestId,
    ip: entry.ip,
    occurredAt: entry.occurredAt.toISOString(),
    detail: entry.detail,
    hash: entry.hash,
  };
}
