import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { MessageContext } from '@pt/contracts';
import { DataScope, scopeOf } from './data-scope';
import {
  currentIdempotentDelivery,
  DuplicateIdempotentReply,
  IDEMPOTENT_REPLY_TABLE,
  IdempotentDelivery,
  RecordedReply,
  recordReply,
  replayIfRecorded,
  transactionWrote,
} from './idempotent-delivery';
import { installScopedBegin, scopedBeginTaken, withScopedBegin } from './scoped-begin';
import { TENANT_FILTER, TenantFilterArgs } from './tenant-filter';
import { TransactionEvents } from './transaction-events';

/**
 * The one way services touch their database: a fresh EntityManager per unit of work, in
 * one transaction, with both walls of tenant isolation set for that transaction only:
 * the ORM filter's tenant, and `app.tenant_id` / `app.scope` for row-level security, made
 * by the transaction's opening statement itself (scoped-begin.ts), not by a round trip of
 * their own.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    private readonly orm: MikroORM,
    private readonly transactionEvents: TransactionEvents,
  ) {
    installScopedBegin(orm);
  }

  /** Runs `work` for the tenant of a message's ctx (or platform scope for platform actors). */
  forContext<T>(ctx: MessageContext, work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.run(scopeOf(ctx), work);
  }

  async run<T>(scope: DataScope, work: (em: EntityManager) => Promise<T>): Promise<T> {
    const em = this.orm.em.fork({ clear: true, useContext: false });
    const args: TenantFilterArgs =
      scope.kind === 'tenant' ? { tenantId: scope.tenantId } : { tenantId: null, platform: true };
    em.setFilterParams(TENANT_FILTER, args);
    // The transaction on this EntityManager itself: em.transactional would fork it again
    // (cloning its event manager) and merge what the work loaded back into it afterwards,
    // work thrown away with this one at the end of the unit.
    await withScopedBegin(scope, async () => {
      await em.begin();
      // Never run work on a transaction that was not opened with its scope's settings.
      if (!scopedBeginTaken()) {
        await em.rollback();
        throw new Error('The unit of work did not begin with its tenant settings');
      }
    });
    // A delivery with an Idempotency-Key (idempotent-delivery.ts): the recorded reply is
    // looked for before the work, and the first unit that writes records its result with it.
    const delivery = currentIdempotentDelivery();
    let result: T;
    let recorded: string | undefined;
    try {
      if (delivery) await replayIfRecorded(em, delivery);
      result = await work(em);
      if (delivery) {
        await em.flush();
        if (await transactionWrote(em)) {
          const tenantId = scope.kind === 'tenant' ? scope.tenantId : delivery.tenantId;
          recorded = await recordReply(em, delivery, tenantId, result);
        }
      }
      await em.commit(); // flushes first, as em.transactional does
    } catch (error) {
      if (em.isInTransaction()) await em.rollback().catch(() => undefined);
      // The same key committed by another delivery meanwhile (two gateways, one lease
      // lapsed): its reply, not a duplicate-key error.
      if (delivery && isDuplicateReply(error))
        await this.run(scope, async (again) => replayIfRecorded(again, delivery));
      throw error;
    }
    this.transactionEvents.committed();
    if (delivery && recorded !== undefined) {
      delivery.recorded = { reply: recorded, amend: (reply) => this.amendReply(scope, delivery, reply) };
    }
    return result;
  }

  /** The handler's final reply, when it is not the recorded unit's result (kept after the commit: best effort). */
  private async amendReply(scope: DataScope, delivery: IdempotentDelivery, reply: RecordedReply): Promise<void> {
    await this.run(scope, (em) =>
      em.execute(`update ${IDEMPOTENT_REPLY_TABLE} set reply = ?::jsonb where id = ?`, [
        JSON.stringify(reply),
        delivery.id,
      ]),
    );
  }
}

function isDuplicateReply(error: unknown): boolean {
  return error instanceof DuplicateIdempotentReply;
}
