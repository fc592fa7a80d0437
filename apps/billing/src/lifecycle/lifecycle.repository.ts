import { EntityManager } from '@mikro-orm/postgresql';
import { BillingContactNoticeKind, PurgeService } from '@pt/contracts';
import { FinancePage, financePageQuery, FinancePageRows } from '../finance-api/finance-page';
import { GraceCharge } from './grace-charge.entity';
import { LifecycleNotice } from './lifecycle-notice.entity';
import { SchoolPurge, SchoolPurgeConfirmation } from './school-purge.entity';

/**
 * The only code that queries the lifecycle's tables, and the lifecycle's transitions of
 * `subscription`. Each transition is one conditional UPDATE (the row's current state in its
 * WHERE): the replica or run whose statement changes the row is the one that acts, so two
 * replicas (or a run repeated after a crash) never act twice, whatever lock they hold.
 */
export class LifecycleRepository {
  constructor(private readonly em: EntityManager) {}

  /** Platform scope: schools whose term ended before `on` and that are still active. */
  async dueToExpire(on: string): Promise<string[]> {
    const rows = await this.em.execute<{ tenant_id: string }[]>(
      `select tenant_id from subscription where status = 'active' and ends_on < ? order by ends_on, tenant_id`,
      [on],
    );
    return rows.map((r) => r.tenant_id);
  }

  /** Claims the expiry: the subscription, if this call moved it from active to expired. */
  async expire(tenantId: string, on: string, at: Date): Promise<{ id: string; endsOn: string } | null> {
    const [row] = await this.em.execute<{ id: string; ends_on: string }[]>(
      `update subscription set status = 'expired', expired_at = ?, updated_at = ?
        where tenant_id = ? and status = 'active' and ends_on < ?
        returning id, to_char(ends_on, 'YYYY-MM-DD') as ends_on`,
      [at, at, tenantId, on],
    );
    return row ? { id: row.id, endsOn: row.ends_on } : null;
  }

  /**
   * P25: a renewal in grace cancels the school's pending purge (so a later expiry schedules a
   * fresh one) and the purge notices not yet sent; a purge already begun is never undone
   * (the caller refuses a purged school first, under the subscription's lock). Counts for the log.
   */
  async cancelPendingPurge(tenantId: string): Promise<{ purges: number; notices: number }> {
    const [row] = await this.em.execute<{ purges: string; notices: string }[]>(
      `with purges as (delete from school_purge where tenant_id = ? and started_at is null returning 1),
            notices as (delete from lifecycle_notice
                         where tenant_id = ? and kind in ('purge-30', 'purge-7') and sent_at is null returning 1)
       select (select count(*) from purges) as purges, (select count(*) from notices) as notices`,
      [tenantId, tenantId],
    );
    return { purges: Number(row.purges), notices: Number(row.notices) };
  }

  schedulePurge(purge: SchoolPurge): void {
    this.em.persist(purge);
  }

  /** Platform scope: purges due on or before `on` that have not begun. */
  async purgesDue(on: string): Promise<{ id: string; tenantId: string }[]> {
    const rows = await this.em.execute<{ id: string; tenant_id: string }[]>(
      `select id, tenant_id from school_purge where started_at is null and purge_due_on <= ? order by purge_due_on, id`,
      [on],
    );
    return rows.map((r) => ({ id: r.id, tenantId: r.tenant_id }));
  }

  /** Claims the start of a purge: true if this call began it. */
  async startPurge(purgeId: string, at: Date): Promise<boolean> {
    const rows = await this.em.execute<{ id: string }[]>(
      `update school_purge set started_at = ? where id = ? and started_at is null returning id`,
      [at, purgeId],
    );
    return rows.length === 1;
  }

  /**
   * Billing's own part of the purge: what is not a financial record. The roll and the notices
   * go; the subscription stays as the record the invoices were raised under, with the billing
   * contact's address (personal data) blanked. Counts per table for the certificate.
   */
  async purgeBillingData(tenantId: string): Promise<Record<string, number>> {
    const [row] = await this.em.execute<{ school_roll: string; lifecycle_notice: string; subscription: string }[]>(
      `with roll as (delete from school_roll where tenant_id = ? returning 1),
            notices as (delete from lifecycle_notice where tenant_id = ? returning 1),
            subscription as (
              update subscription set status = 'purged', billing_contact_email = '', updated_at = now()
               where tenant_id = ? returning 1)
       select (select count(*) from roll) as school_roll, (select count(*) from notices) as lifecycle_notice,
              (select count(*) from subscription) as subscription`,
      [tenantId, tenantId, tenantId],
    );
    return {
      school_roll: Number(row.school_roll),
      lifecycle_notice: Number(row.lifecycle_notice),
      'subscription.billing_contact_email': Number(row.subscription),
    };
  }

  purgeOf(tenantId: string): Promise<SchoolPurge | null> {
    return this.em.findOne(SchoolPurge, { tenantId });
  }

  /** Locked for the rest of the transaction: confirmations of one purge are counted one at a time. */
  purgeForUpdate(purgeId: string): Promise<SchoolPurge | null> {
    return this.em.findOne(SchoolPurge, { id: purgeId }, { lockMode: 4 /* PESSIMISTIC_WRITE */ });
  }

  /** Records a service's confirmation; false if it had confirmed already. */
  async confirm(
    purgeId: string,
    tenantId: string,
    service: PurgeService,
    deleted: Record<string, number>,
    at: Date,
  ): Promise<boolean> {
    const rows = await this.em.execute<{ service: string }[]>(
      `insert into school_purge_confirmation (purge_id, service, tenant_id, deleted, confirmed_at)
       values (?, ?, ?, ?::jsonb, ?) on conflict do nothing returning service`,
      [purgeId, service, tenantId, JSON.stringify(deleted), at],
    );
    return rows.length === 1;
  }

  confirmations(purgeId: string): Promise<SchoolPurgeConfirmation[]> {
    return this.em.find(SchoolPurgeConfirmation, { purgeId }, { orderBy: { confirmedAt: 'asc', service: 'asc' } });
  }

  /** Platform scope: schools whose financial records have reached the end of their retention (P27). */
  async retentionEnded(on: string): Promise<{ id: string; tenantId: string }[]> {
    const rows = await this.em.execute<{ id: string; tenant_id: string }[]>(
      `select id, tenant_id from school_purge
        where completed_at is not null and financial_records_deleted_at is null and financial_records_kept_until < ?
        order by financial_records_kept_until, id`,
      [on],
    );
    return rows.map((r) => ({ id: r.id, tenantId: r.tenant_id }));
  }

  /**
   * P27: the school's financial records go, in one statement (children first), once their
   * retention has ended; the certificate (ids, dates and counts) stays. Counts per table.
   */
  async deleteFinancialRecords(purgeId: string, tenantId: string, at: Date): Promise<Record<string, number>> {
    const [row] = await this.em.execute<Record<string, string>[]>(
      `with claimed as (
              update school_purge set financial_records_deleted_at = ?
               where id = ? and financial_records_deleted_at is null returning tenant_id),
            allocations as (delete from payment_allocation where tenant_id in (select tenant_id from claimed) returning 1),
            refunds as (delete from refund where tenant_id in (select tenant_id from claimed) returning 1),
            applications as (delete from credit_application where tenant_id in (select tenant_id from claimed) returning 1),
            credit_notes as (delete from credit_note where tenant_id in (select tenant_id from claimed) returning 1),
            payments as (delete from payment where tenant_id in (select tenant_id from claimed) returning 1),
            charges as (delete from grace_charge where tenant_id in (select tenant_id from claimed) returning 1)
       select (select count(*) from claimed) as claimed, (select count(*) from allocations) as payment_allocation,
              (select count(*) from credit_notes) as credit_note, (select count(*) from payments) as payment,
              (select count(*) from charges) as grace_charge, (select count(*) from refunds) as refund,
              (select count(*) from applications) as credit_application`,
      [at, purgeId],
    );
    if (Number(row.claimed) === 0) return {};
    // Invoices after their credit notes and allocations (which reference them), in the same transaction.
    const [rest] = await this.em.execute<Record<string, string>[]>(
      `with invoices as (delete from invoice where tenant_id = ? returning 1),
            series as (delete from document_series where tenant_id = ? returning 1),
            subscriptions as (delete from subscription where tenant_id = ? returning 1),
            customers as (delete from billing_customer where tenant_id = ? returning 1)
       select (select count(*) from invoices) as invoice, (select count(*) from series) as document_series,
              (select count(*) from subscriptions) as subscription, (select count(*) from customers) as billing_customer`,
      [tenantId, tenantId, tenantId, tenantId],
    );
    const counts: Record<string, number> = {};
    for (const [table, count] of Object.entries({ ...row, ...rest }))
      if (table !== 'claimed') counts[table] = Number(count);
    return counts;
  }

  /** Platform scope: the schools in grace (the gateway's read-only set) and those purged. */
  async schoolsInGrace(): Promise<{ grace: string[]; purged: string[] }> {
    const rows = await this.em.execute<{ tenant_id: string; status: string }[]>(
      `select tenant_id, status from subscription where status in ('expired', 'purged') order by tenant_id`,
    );
    return {
      grace: rows.filter((r) => r.status === 'expired').map((r) => r.tenant_id),
      purged: rows.filter((r) => r.status === 'purged').map((r) => r.tenant_id),
    };
  }

  /**
   * Platform scope: the days a notice may be due for, within 30 days of `on`: the first day of
   * grace of active subscriptions, and the purge day of expired ones whose purge has not begun.
   */
  async noticeDays(
    on: string,
  ): Promise<{ subscriptionId: string; tenantId: string; coming: 'expiry' | 'purge'; day: string }[]> {
    const rows = await this.em.execute<{ id: string; tenant_id: string; coming: 'expiry' | 'purge'; day: string }[]>(
      `select s.id, s.tenant_id, 'expiry' as coming, to_char(s.ends_on + 1, 'YYYY-MM-DD') as day from subscription s
        where s.status = 'active' and s.ends_on + 1 > ?::date and s.ends_on + 1 <= ?::date + 30
       union all
       select p.subscription_id, p.tenant_id, 'purge', to_char(p.purge_due_on, 'YYYY-MM-DD') from school_purge p
        where p.started_at is null and p.purge_due_on > ?::date and p.purge_due_on <= ?::date + 30
       order by 2, 3`,
      [on, on, on, on],
    );
    return rows.map((r) => ({ subscriptionId: r.id, tenantId: r.tenant_id, coming: r.coming, day: r.day }));
  }

  /** Records the notices due (one statement); a notice recorded before stays as it was. */
  async recordNotices(notices: LifecycleNotice[]): Promise<void> {
    if (!notices.length) return;
    // A handful a day: one multi-row statement, the values bound.
    await this.em.execute(
      `insert into lifecycle_notice (subscription_id, kind, announced_day, tenant_id, id, recorded_at)
       values ${notices.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
       on conflict do nothing`,
      notices.flatMap((n) => [n.subscriptionId, n.kind, n.announcedDay, n.tenantId, n.id, n.recordedAt]),
    );
  }

  /** Platform scope: recorded notices identity has not yet confirmed, with the address to send them to. */
  async unsentNotices(): Promise<
    { id: string; tenantId: string; kind: BillingContactNoticeKind; day: string; to: string }[]
  > {
    const rows = await this.em.execute<
      { id: string; tenant_id: string; kind: BillingContactNoticeKind; day: string; to: string }[]
    >(
      `select n.id, n.tenant_id, n.kind, to_char(n.announced_day, 'YYYY-MM-DD') as day, s.billing_contact_email as to
         from lifecycle_notice n join subscription s on s.id = n.subscription_id
        where n.sent_at is null and s.billing_contact_email <> ''
        order by n.recorded_at, n.id`,
    );
    return rows.map((r) => ({ id: r.id, tenantId: r.tenant_id, kind: r.kind, day: r.day, to: r.to }));
  }

  async markNoticeSent(id: string, at: Date): Promise<void> {
    await this.em.execute(`update lifecycle_notice set sent_at = ? where id = ? and sent_at is null`, [at, id]);
  }

  addCharge(charge: GraceCharge): void {
    this.em.persist(charge);
  }

  charge(id: string): Promise<GraceCharge | null> {
    return this.em.findOne(GraceCharge, { id });
  }

  async charges(tenantId: string): Promise<GraceCharge[]> {
    return this.em.find(GraceCharge, { tenantId }, { orderBy: { chargedAt: 'asc', id: 'asc' } });
  }

  /** P26, P28: a page of every school's grace charges for the finance API, by (charged_at, id) (platform scope). */
  async financePage(page: FinancePage): Promise<FinancePageRows<GraceCharge>> {
    const { sql, params } = financePageQuery('grace_charge', 'charged_at', page);
    const rows = await this.em.execute<Array<Record<string, unknown> & { changed_at: string; id: string }>>(
      sql,
      params,
    );
    return rows.map((row) => ({ entity: this.em.map(GraceCharge, row), changed_at: row.changed_at, id: row.id }));
  }
}
