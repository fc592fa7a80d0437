import { EntityManager } from '@mikro-orm/postgresql';
import { CreditApplication, Refund } from './refund.entity';

/** The only code that queries `refund` and `credit_application`. */
export class RefundRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Locks the school's billing account for the rest of the transaction, so two refunds or
   * uses of credit at once cannot together take more than the account credit holds.
   */
  async lockAccount(tenantId: string): Promise<void> {
    await this.em.execute(`select tenant_id from billing_customer where tenant_id = ? for update`, [tenantId]);
  }

  /** The school's account credit left: payments unallocated and credit notes' parts owed to it, less refunds and uses. */
  async accountCreditOf(tenantId: string): Promise<number> {
    const [row] = await this.em.execute<{ credit: string }[]>(
      `select (select coalesce(sum(unallocated_pence), 0) from payment where tenant_id = ?)
            + (select coalesce(sum(owed_to_school_pence), 0) from credit_note where tenant_id = ?)
            - (select coalesce(sum(amount_pence), 0) from refund where tenant_id = ?)
            - (select coalesce(sum(amount_pence), 0) from credit_application where tenant_id = ?) as credit`,
      [tenantId, tenantId, tenantId, tenantId],
    );
    return Number(row.credit);
  }

  /** What the credit note has left owed to the school, and what its invoice's refunds have taken of what was paid on it. */
  async creditNoteUse(
    creditNoteId: string,
    invoiceId: string,
  ): Promise<{ refundedOrUsedPence: number; refundedOnInvoicePence: number }> {
    const [row] = await this.em.execute<{ used: string; refunded: string }[]>(
      `select (select coalesce(sum(amount_pence), 0) from refund where credit_note_id = ?)
            + (select coalesce(sum(amount_pence), 0) from credit_application where credit_note_id = ?) as used,
              (select coalesce(sum(r.amount_pence), 0) from refund r
                 join credit_note c on c.id = r.credit_note_id where c.invoice_id = ?) as refunded`,
      [creditNoteId, creditNoteId, invoiceId],
    );
    return { refundedOrUsedPence: Number(row.used), refundedOnInvoicePence: Number(row.refunded) };
  }

  add(entity: Refund | CreditApplication): void {
    this.em.persist(entity);
  }
}
