import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { MessageContext } from '@pt/contracts';
import { DataScope, scopeOf } from './data-scope';
import { TENANT_FILTER, TenantFilterArgs } from './tenant-filter';
import { TransactionEvents } from './transaction-events';

/**
 * The one way services touch their database: a fresh EntityManager per unit of work, in
 * one transaction, with both walls of tenant isolation set for that transaction only:
 * the ORM filter's tenant, and `app.tenant_id` / `app.scope` for row-level security.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    private readonly orm: MikroORM,
    private readonly transactionEvents: TransactionEvents,
  ) {}

  /** Runs `work` for the tenant of a message's ctx (or platform scope for platform actors). */
  forContext<T>(ctx: MessageContext, work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.run(scopeOf(ctx), work);
  }

  async run<T>(scope: DataScope, work: (em: EntityManager) => Promise<T>): Promise<T> {
    const em = this.orm.em.fork({ clear: true, useContext: false });
    const args: TenantFilterArgs =
      scope.kind === 'tenant' ? { tenantId: scope.tenantId } : { tenantId: null, platform: true };
    em.setFilterParams(TENANT_FILTER, args);
    const result = await em.transactional(async (tx) => {
      await tx.execute(`select set_config('app.tenant_id', ?, true), set_config('app.scope', ?, true)`, [
        scope.kind === 'tenant' ? scope.tenantId : '',
        scope.kind,
      ]);
      return work(tx);
    });
    this.transactionEvents.committed();
    return result;
  }
}
