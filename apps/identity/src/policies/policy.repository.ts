import { EntityManager } from '@mikro-orm/postgresql';
import { PolicyKind } from '@pt/contracts';
import { PolicyAcceptance, PolicyDocument } from './policy-document.entity';

export class PolicyRepository {
  constructor(private readonly em: EntityManager) {}

  /** The newest published version of each kind. */
  current(): Promise<PolicyDocument[]> {
    return this.em
      .createQueryBuilder(PolicyDocument, 'd')
      .select('*')
      .where(`(d.kind, d.published_at) in (select kind, max(published_at) from policy_document group by kind)`)
      .orderBy({ kind: 'asc' })
      .getResultList();
  }

  findById(id: string): Promise<PolicyDocument | null> {
    return this.em.findOne(PolicyDocument, { id });
  }

  exists(kind: PolicyKind, version: string): Promise<boolean> {
    return this.em.count(PolicyDocument, { kind, version }).then((n) => n > 0);
  }

  /** Ids of the given documents this user has accepted. */
  async acceptedOf(userId: string, documentIds: string[]): Promise<Set<string>> {
    if (documentIds.length === 0) return new Set();
    const rows = await this.em.find(
      PolicyAcceptance,
      { userId, documentId: { $in: documentIds } },
      { fields: ['documentId'] },
    );
    return new Set(rows.map((row) => row.documentId));
  }

  add(entity: PolicyDocument | PolicyAcceptance): void {
    this.em.persist(entity);
  }
}
