import { EntityManager } from '@mikro-orm/postgresql';
import { FinanceApiKey } from './finance-api-key.entity';

/** The only code that queries `finance_api_key` (platform data: no school owns a key). */
export class FinanceApiKeyRepository {
  constructor(private readonly em: EntityManager) {}

  findByHash(keyHash: string): Promise<FinanceApiKey | null> {
    return this.em.findOne(FinanceApiKey, { keyHash });
  }

  /** Locked for the rest of the transaction, so two rotations of one key cannot both succeed. */
  findForUpdate(id: string): Promise<FinanceApiKey | null> {
    return this.em.findOne(FinanceApiKey, { id }, { lockMode: 4 /* PESSIMISTIC_WRITE */ });
  }

  /** Newest first; keys are few (a handful per finance system). */
  list(): Promise<FinanceApiKey[]> {
    return this.em.find(FinanceApiKey, {}, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: 500 });
  }

  add(key: FinanceApiKey): void {
    this.em.persist(key);
  }
}
