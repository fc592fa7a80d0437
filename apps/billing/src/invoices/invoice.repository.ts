import { EntityManager } from '@mikro-orm/postgresql';
import { transactionKnex } from '@pt/persistence';
import { InvoiceSnapshot, InvoiceStatus } from '@pt/contracts';
import { Invoice } from './invoice.entity';

export interface NewDraft {
  id: string;
  tenantId: string;
  subscriptionId: string;
  periodFrom: string;
  periodTo: string;
  snapshot: InvoiceSnapshot;
  at: Date;
}

/** The only code that queries `invoice`. */
export class InvoiceRepository {
  constructor(private readonly em: EntityManager) {}

  find(id: string): Promise<Invoice | null> {
    return this.em.findOne(Invoice, { id });
  }

  /** Locked for the rest of the transaction: one state change at a time. */
  findForUpdate(id: string): Promise<Invoice | null> {
    return this.em.findOne(Invoice, { id }, { lockMode: 4 /* PESSIMISTIC_WRITE */ });
  }

  /** The school's invoices still owed on, oldest due first, locked for the rest of the transaction. */
  outstandingForUpdate(tenantId: string): Promise<Invoice[]> {
    return this.em.find(
      Invoice,
      { tenantId, status: { $in: ['issued', 'partly_paid'] } },
      { orderBy: { dueOn: 'asc', sequenceNumber: 'asc' }, lockMode: 4 /* PESSIMISTIC_WRITE */ },
    );
  }

  /**
   * Every school's debt on its issued invoices and its grace charges, by days past due on `on`
   * (platform scope, or a school's own in tenant scope; one statement, grouped in SQL).
   *
   * P26: a grace charge is money owed at once, due on the day of the access it charges for. It
   * is not held back for an invoice at renewal or at purge: a school in grace may never renew,
   * and a purged school gets no further invoice, so a charge waiting for either could go
   * unbilled; and each charge is already a dated, priced, VAT-snapshotted record kept with the
   * invoices for their retention (P27). It is settled by the school's account credit by `on`
   * (what its payments left after paying its invoices, `payment.unallocated_pence`, and its
   * credit notes left owed to it, less what was refunded or used on other invoices), oldest
   * charge first; what credit does not cover ages from the charge's day.
   */
  agedDebt(on: string): Promise<
    {
      school_id: string;
      customer_name: string;
      current: string;
      d1_30: string;
      d31_60: string;
      d61_90: string;
      d90: string;
      total: string;
    }[]
  > {
    return this.em.execute(
      `select tenant_id as school_id,
              coalesce(
                (array_agg(customer_name order by issued_on desc) filter (where customer_name is not null))[1],
                (select s.legal_entity->>'name' from subscription s where s.tenant_id = owed.tenant_id)
              ) as customer_name,
              coalesce(sum(due) filter (where late <= 0), 0) as current,
              coalesce(sum(due) filter (where late between 1 and 30), 0) as d1_30,
              coalesce(sum(due) filter (where late between 31 and 60), 0) as d31_60,
              coalesce(sum(due) filter (where late between 61 and 90), 0) as d61_90,
              coalesce(sum(due) filter (where late > 90), 0) as d90,
              sum(due) as total
         from (select tenant_id, snapshot->'customer'->>'name' as customer_name, issued_on,
                      gross_pence - credited_pence - paid_pence as due,
                      ?::date - due_on as late
                 from invoice
                where status in ('issued', 'partly_paid') and issued_on <= ?::date
               union all
               -- Grace charges less the account credit, oldest first: each owes what the credit
               -- left of the running total, at most its own amount.
               select tenant_id, null, day,
                      least(gross_pence, greatest(0, running - credit)),
                      ?::date - day
                 from (select g.tenant_id, g.gross_pence, (g.charged_at at time zone 'UTC')::date as day,
                              sum(g.gross_pence) over (partition by g.tenant_id order by g.charged_at, g.id) as running,
                              coalesce(c.credit, 0) as credit
                         from grace_charge g
                         left join (select tenant_id, sum(amount) as credit from (
                                       select tenant_id, unallocated_pence as amount from payment where received_on <= ?::date
                                       union all
                                       select tenant_id, owed_to_school_pence from credit_note where issued_on <= ?::date
                                       union all
                                       select tenant_id, -amount_pence from refund where refunded_on <= ?::date
                                       union all
                                       select tenant_id, -amount_pence from credit_application
                                        where (created_at at time zone 'UTC')::date <= ?::date
                                     ) movements group by tenant_id) c on c.tenant_id = g.tenant_id
                        where (g.charged_at at time zone 'UTC')::date <= ?::date) charges) owed
        where due > 0
        group by tenant_id
        order by sum(due) desc, tenant_id`,
      [on, on, on, on, on, on, on, on],
    );
  }

  /** P28: every school's issued invoices (not drafts or void ones) issued in the period, oldest first (platform scope). */
  issuedBetween(from: string, to: string, limit: number): Promise<Invoice[]> {
    return this.em.find(
      Invoice,
      { status: { $in: ['issued', 'partly_paid', 'paid'] }, issuedOn: { $gte: from, $lte: to } },
      { orderBy: { issuedOn: 'asc', number: 'asc' }, limit },
    );
  }

  list(tenantId: string, status?: InvoiceStatus): Promise<Invoice[]> {
    return this.em.find(
      Invoice,
      { tenantId, ...(status ? { status } : {}) },
      { orderBy: { periodFrom: 'desc', createdAt: 'desc' } },
    );
  }

  /**
   * A draft for a term year, unless the year already has an invoice that is not void: false
   * then, and nothing is written (the partial unique index decides, so two runs at once
   * cannot both invoice the year).
   */
  async addDraftUnlessInvoiced(draft: NewDraft): Promise<boolean> {
    const rows = await this.em.execute<{ id: string }[]>(
      `insert into invoice (id, tenant_id, subscription_id, period_from, period_to, status, snapshot, gross_pence,
         credited_pence, paid_pence, created_at, updated_at)
       values (?, ?, ?, ?, ?, 'draft', ?::jsonb, ?, 0, 0, ?, ?)
       on conflict (subscription_id, period_from, period_to) where status <> 'void' do nothing
       returning id`,
      [
        draft.id,
        draft.tenantId,
        draft.subscriptionId,
        draft.periodFrom,
        draft.periodTo,
        JSON.stringify(draft.snapshot),
        draft.snapshot.grossPence,
        draft.at,
        draft.at,
      ],
    );
    return rows.length === 1;
  }

  /**
   * Many schools' drafts in one statement, each skipped if its term year already has an
   * invoice (the same partial unique index as `addDraftUnlessInvoiced`). Answers the drafts
   * added. Rows go in subscription order, so two runs at once meet the index in the same order.
   */
  async addDraftsUnlessInvoiced(drafts: readonly NewDraft[]): Promise<{ id: string; tenant_id: string }[]> {
    if (drafts.length === 0) return [];
    const knex = transactionKnex(this.em);
    // Bind parameters on the unit of work's transaction: em.execute would write the JSON into the SQL text.
    const result = await knex.raw<{ rows: { id: string; tenant_id: string }[] }>(
      `insert into invoice (id, tenant_id, subscription_id, period_from, period_to, status, snapshot, gross_pence,
         credited_pence, paid_pence, created_at, updated_at)
       select d.id, d."tenantId", d."subscriptionId", d."periodFrom", d."periodTo", 'draft', d.snapshot,
              (d.snapshot->>'grossPence')::bigint, 0, 0, d.at, d.at
         from jsonb_to_recordset(?::jsonb)
              as d(id uuid, "tenantId" uuid, "subscriptionId" uuid, "periodFrom" date, "periodTo" date,
                   snapshot jsonb, at timestamptz)
        order by d."subscriptionId"
       on conflict (subscription_id, period_from, period_to) where status <> 'void' do nothing
       returning id, tenant_id`,
      [JSON.stringify(drafts)],
    );
    return result.rows;
  }

  /** Drafts given their numbers and dates in one statement (the caller holds their series rows). */
  async markIssued(
    issued: readonly {
      id: string;
      sequenceNumber: number;
      number: string;
      issuedOn: string;
      dueOn: string;
      at: Date;
    }[],
  ): Promise<void> {
    if (issued.length === 0) return;
    const knex = transactionKnex(this.em);
    await knex.raw(
      `update invoice i
          set status = 'issued', sequence_number = u."sequenceNumber", number = u.number, issued_on = u."issuedOn",
              tax_point = u."issuedOn", due_on = u."dueOn", updated_at = u.at
         from jsonb_to_recordset(?::jsonb)
              as u(id uuid, "sequenceNumber" int, number text, "issuedOn" date, "dueOn" date, at timestamptz)
        where i.id = u.id and i.status = 'draft'`,
      [JSON.stringify(issued)],
    );
  }

  remove(invoice: Invoice): void {
    this.em.remove(invoice);
  }
}
