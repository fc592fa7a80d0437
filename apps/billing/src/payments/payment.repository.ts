import { EntityManager } from '@mikro-orm/postgresql';
import { Payment, PaymentAllocation } from './payment.entity';

/** The only code that queries `payment` and `payment_allocation`. */
export class PaymentRepository {
  constructor(private readonly em: EntityManager) {}

  list(tenantId: string): Promise<Payment[]> {
    return this.em.find(Payment, { tenantId }, { orderBy: { receivedOn: 'desc', createdAt: 'desc' } });
  }

  /** The allocations of the payments given, in one query. */
  allocationsOf(paymentIds: readonly string[]): Promise<PaymentAllocation[]> {
    if (!paymentIds.length) return Promise.resolve([]);
    return this.em.find(
      PaymentAllocation,
      { paymentId: { $in: [...paymentIds] } },
      { orderBy: { invoiceNumber: 'asc' } },
    );
  }

  add(entity: Payment | PaymentAllocation): void {
    this.em.persist(entity);
  }
}
