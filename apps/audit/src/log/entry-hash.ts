import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { EntryFields } from './event-entry';

/** The prevHash of the first entry of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted at every depth, so that the same content always hashes
 * the same, whatever order a jsonb column hands its keys back in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** What an entry's hash covers: everything it says, its place in the chain, and the link to the previous entry. */
/** What an entry's hash covers: its fields, its place in the chain and the link to the one before. */
export interface HashedEntryContent extends EntryFields {
  id: string;
  chain: string;
  sequence: number;
  eventId: string;
  prevHash: string;
}

export function entryHash(entry: HashedEntryContent): string {
  const content = {
    id: entry.id,
    chain: entry.chain,
    sequence: entry.sequence,
    eventId: entry.eventId,
    tenantId: entry.tenantId,
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
    prevHash: entry.prevHash,
  };
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

export interface CheckpointContent {
  chain: string;
  tenantId: string | null;
  sequence: number;
  hash: string;
  createdAt: Date;
  /** Signed only when true, so the signatures of ordinary checkpoints are unchanged. */
  retentionCut?: boolean;
}

export function checkpointSignature(key: string, checkpoint: CheckpointContent): string {
  const content = {
    chain: checkpoint.chain,
    tenantId: checkpoint.tenantId,
    sequence: checkpoint.sequence,
    hash: checkpoint.hash,
    createdAt: checkpoint.createdAt.toISOString(),
    retentionCut: checkpoint.retentionCut ? true : undefined,
  };
  return createHmac('sha256', key).update(canonicalJson(content)).digest('hex');
}

export function signatureMatches(key: string, checkpoint: CheckpointContent, signature: string): boolean {
  const expected = Buffer.from(checkpointSignature(key, checkpoint), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
