import * as crypto from 'node:crypto';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { EntryFields } from './event-entry';

/** The prevHash of the first entry of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted at every depth, so that the same content always hashes
 * the same, whatever order a jsonb column hands its keys back in.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'string') return json(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${json(k)}:${canonicalJson(v)}`).join(',')}}`;
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

type EntryOrRow = HashedEntryContent | (Omit<HashedEntryContent, 'occurredAt'> & { occurredAt: string });

/**
 * SHA-256 of `canonicalJson` of the entry's hashed content. Written out as one template,
 * keys already in canonicalJson's sorted order, because verify hashes every entry of every
 * chain and the generic path's per-entry object building and key sorting was most of its
 * time. The same text as the generic path, byte for byte (entry-hash.spec.ts checks it);
 * an entry with an absent (undefined) field, which the generic path omits, takes that path.
 */
export function entryHash(entry: EntryOrRow): string {
  const occurredAt = typeof entry.occurredAt === 'string' ? entry.occurredAt : entry.occurredAt.toISOString();
  if (hasAbsentField(entry)) {
    return sha256Hex(canonicalJson({ ...hashedContent(entry as HashedEntryContent), occurredAt }));
  }
  const text =
    `{"action":${json(entry.action)},"actorId":${json(entry.actorId)},"actorKind":${json(entry.actorKind)}` +
    `,"chain":${json(entry.chain)},"detail":${canonicalJson(entry.detail)},"eventId":${json(entry.eventId)}` +
    `,"id":${json(entry.id)},"ip":${json(entry.ip)},"occurredAt":${json(occurredAt)}` +
    `,"prevHash":${json(entry.prevHash)},"requestId":${json(entry.requestId)},"sequence":${json(entry.sequence)}` +
    `,"subjectId":${json(entry.subjectId)},"subjectType":${json(entry.subjectType)}` +
    `,"supportGrantId":${json(entry.supportGrantId)},"tenantId":${json(entry.tenantId)}}`;
  return sha256Hex(text);
}

/** Printable ASCII without `"` and `\\`: all JSON.stringify would do to it is add the quotes. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** JSON.stringify's text, the common case (ids, codes, hashes) without its cost. */
function json(value: string | number | null): string {
  if (value === null) return 'null';
  return typeof value === 'string' && PLAIN.test(value) ? `"${value}"` : JSON.stringify(value);
}

function hasAbsentField(entry: EntryOrRow): boolean {
  return (
    entry.id === undefined ||
    entry.chain === undefined ||
    entry.sequence === undefined ||
    entry.eventId === undefined ||
    entry.tenantId === undefined ||
    entry.actorId === undefined ||
    entry.actorKind === undefined ||
    entry.supportGrantId === undefined ||
    entry.action === undefined ||
    entry.subjectType === undefined ||
    entry.subjectId === undefined ||
    entry.requestId === undefined ||
    entry.ip === undefined ||
    entry.detail === undefined ||
    entry.prevHash === undefined
  );
}

/** One-shot `crypto.hash` where Node has it (20.12+): no Hash object per entry. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

function sha256Hex(text: string): string {
  return oneShot ? oneShot('sha256', text, 'hex') : createHash('sha256').update(text).digest('hex');
}

/** The content entryHash covers, as an object (for readers and tests). */
export function hashedContent(entry: HashedEntryContent): Record<string, unknown> {
  return {
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
