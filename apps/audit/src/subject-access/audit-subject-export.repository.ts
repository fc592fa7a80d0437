import { EntityManager } from '@mikro-orm/postgresql';
import { AuditEntry } from '../log/audit-entry.entity';

export interface EntryConcerning {
  id: string;
  sequence: number;
  action: string;
  actorKind: string;
  /** Whether the subject acted, was acted on, or both. */
  role: 'actor' | 'subject' | 'actor-and-subject';
  subjectType: string | null;
  occurredAt: string;
}

/** Audit entries of one school that concern one person, for their subject-access bundle (P21). */
export class AuditSubjectExportRepository {
  constructor(private readonly em: EntityManager) {}

  /** Oldest first; ids, actions and times only (the entries' details stay in the log). */
  async entriesConcerning(personId: string): Promise<EntryConcerning[]> {
    const rows = await this.em.find(
      AuditEntry,
      { $or: [{ actorId: personId }, { subjectId: personId }] },
      {
        fields: ['id', 'sequence', 'action', 'actorKind', 'actorId', 'subjectType', 'subjectId', 'occurredAt'],
        orderBy: { occurredAt: 'asc', id: 'asc' },
      },
    );
    return rows.map((row) => ({
      id: row.id,
      sequence: row.sequence,
      action: row.action,
      actorKind: row.actorKind,
      role:
        row.actorId === personId && row.subjectId === personId
          ? 'actor-and-subject'
          : row.actorId === personId
            ? 'actor'
            : 'subject',
      subjectType: row.subjectType,
      occurredAt: row.occurredAt.toISOString(),
    }));
  }
}
