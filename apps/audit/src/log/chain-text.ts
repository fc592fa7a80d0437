import type { HashedEntryContent } from './entry-hash';

/** An entry as verify reads it: its hashed content (the time as ISO 8601 text) and its hash. */
export interface ChainRow extends Omit<HashedEntryContent, 'occurredAt'> {
  occurredAt: string;
  hash: string;
}

/** What the links of a chain are checked on (the hash covers the rest). */
export type ChainLink = Pick<ChainRow, 'id' | 'chain' | 'sequence' | 'tenantId' | 'prevHash' | 'hash'>;

/** Fields of an entry in the text form: the 17 columns, then the mark of which nullable ones are null. */
const TEXT_FIELDS = 18;

/**
 * The entries of a batch in the text form AuditEntryRepository.chainRows reads (a line per
 * entry, a tab between fields, empty text for null with a mark of which nullable fields
 * are null), or null when the text does not split into exactly `expected` entries of the
 * expected fields: a field holding a tab or a line break; the caller then reads as JSON.
 */
export function parseChainText(text: string, expected: number): ChainRow[] | null {
  const lines = text.split('\n');
  if (lines.length !== expected) return null;
  const rows: ChainRow[] = [];
  try {
    for (const line of lines) {
      const f = line.split('\t');
      const isNull = f[17];
      if (f.length !== TEXT_FIELDS || isNull.length !== 6) return null;
      rows.push({
        id: f[0],
        chain: f[1],
        sequence: Number(f[2]),
        eventId: f[3],
        tenantId: f[4] === '' ? null : f[4],
        actorId: isNull[0] === '1' ? null : f[5],
        actorKind: f[6],
        supportGrantId: isNull[1] === '1' ? null : f[7],
        action: f[8],
        subjectType: isNull[2] === '1' ? null : f[9],
        subjectId: isNull[3] === '1' ? null : f[10],
        requestId: isNull[4] === '1' ? null : f[11],
        ip: isNull[5] === '1' ? null : f[12],
        occurredAt: f[13],
        detail: JSON.parse(f[14]) as Record<string, unknown>,
        prevHash: f[15],
        hash: f[16],
      });
    }
  } catch {
    return null;
  }
  return rows;
}

/**
 * Only what the links are checked on, from the same text (or null, as parseChainText):
 * the main thread of verify needs no more while other threads hash the entries.
 */
export function parseChainLinks(text: string, expected: number): ChainLink[] | null {
  const lines = text.split('\n');
  if (lines.length !== expected) return null;
  const links: ChainLink[] = [];
  for (const line of lines) {
    const f = line.split('\t');
    if (f.length !== TEXT_FIELDS || f[17].length !== 6) return null;
    links.push({
      id: f[0],
      chain: f[1],
      sequence: Number(f[2]),
      tenantId: f[4] === '' ? null : f[4],
      prevHash: f[15],
      hash: f[16],
    });
  }
  return links;
}
