import { EntityManager } from '@mikro-orm/postgresql';
import { StatementLine } from '@pt/contracts';
import { Payment, PaymentAllocation } from './payment.entity';
import { FinancePage, financePageQuery, FinancePageRows } from '../finance-api/finance-page';

/** The only code that queries `payment` and `payment_allocation`. */
export class PaymentRepository {
  constructor(private readonly em: EntityManager) {}

  find(id: string): Promise<Payment | null> {
    return this.em.findOne(Payment, { id });
  }

  /** P28: a page of every school's rows for the finance API, by (created_at, id) (platform scope). */
  async financePage(page: FinancePage): Promise<FinancePageRows<Payment>> {
    const { sql, params } = financePageQuery('payment', 'created_at', page);
    const rows = await this.em.execute<Array<Record<string, unknown> & { changed_at: string; id: string }>>(
      sql,
      params,
    );
    return rows.map((row) => ({ entity: this.em.map(Payment, row), changed_at: row.changed_at, id: row.id }));
  }

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

  /**
   * Every dated movement on the school's account up to `to`, oldest first: issued invoices and
   * grace charges (+; P26: a grace charge is owed from its day, see InvoiceRepository.agedDebt),
   * credit notes and payments (−), refunds (+: money paid back out of account credit; a use of
   * credit moves none, so it is no movement). Tenant scope: row-level security keeps it to the school.
   */
  movements(to: string): Promise<{ kind: StatementLine['kind']; day: string; reference: string; amount: string }[]> {
    return this.em.execute(
      `select kind, to_char(day, 'YYYY-MM-DD') as day, reference, amount from (
          select 'invoice' as kind, issued_on as day, number as reference, gross_pence as amount, 1 as rank, sequence_number as seq, created_at
            from invoice where status in ('issued', 'partly_paid', 'paid')
          union all
          select 'grace_charge', (charged_at at time zone 'UTC')::date, id::text, gross_pence, 1, 0, charged_at
            from grace_charge
          union all
          select 'credit_note', issued_on, number, -gross_pence, 2, sequence_number, created_at from credit_note
          union all
          select 'payment', received_on, reference, -amount_pence, 3, 0, created_at from payment
          union all
          select 'refund', refunded_on, reference, amount_pence, 4, 0, created_at from refund
        ) movement
        where day <= ?::date
        order by day, rank, seq, created_at`,
      [to],
    );
  }

  add(entity: Payment | PaymentAllocation): void {
    this.em.persist(entity);
  }
}
