import { Migration } from '@mikro-orm/migrations';

/**
 * The finance API's invoice page (P28, invoices/invoice-finance-page.repository.ts) as one
 * statement in a transaction of its own: it sets platform scope for row-level security
 * itself, as UnitOfWork does for PLATFORM_SCOPE, and builds each invoice's view in
 * Postgres (the snapshot and the figures invoices.service.ts viewOf adds), so billing
 * neither opens a unit of work nor hydrates entities for a page of every school's
 * invoices. The page's two bounds (updated_since, cursor) are merged into one row
 * comparison first: given both a scalar and a row bound on updated_at, a btree scan may
 * start at the looser one and filter its way to the page (tens of ms, 90,000 rows in).
 * Against the nil uuid, `>` is `>=` on updated_at (no row has the nil id). Running
 * replicas hold the statement prepared: a change to the arguments or result columns is a
 * new function (a new name), not a replacement.
 */
export class Migration20261206225500 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create or replace function finance_invoice_page(
        p_since timestamptz, p_after_at timestamptz, p_after_id uuid, p_limit integer)
      returns table (id uuid, changed_at text, view jsonb)
      language plpgsql as $$
      #variable_conflict use_column
      declare
        v_at timestamptz := coalesce(p_since, '-infinity');
        v_id uuid := '00000000-0000-0000-0000-000000000000';
      begin
        perform set_config('app.tenant_id', '', true), set_config('app.scope', 'platform', true);
        if p_after_at is not null and (p_since is null or p_after_at >= p_since) then
          v_at := p_after_at;
          v_id := p_after_id;
        end if;
        return query
          select t.id,
                 to_char(t.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                 t.snapshot || jsonb_build_object(
                   'id', t.id, 'schoolId', t.tenant_id, 'subscriptionId', t.subscription_id, 'status', t.status,
                   'number', t.number, 'sequenceNumber', t.sequence_number, 'issuedOn', t.issued_on,
                   'taxPoint', t.tax_point, 'dueOn', t.due_on, 'creditedPence', t.credited_pence,
                   'paidPence', t.paid_pence,
                   'amountDuePence', case when t.status = 'void' then 0
                                          else greatest(0, t.gross_pence - t.credited_pence - t.paid_pence) end,
                   'voidReason', t.void_reason,
                   'createdAt', to_char(t.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                   'updatedAt', to_char(t.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
            from invoice t
           where t.status <> 'draft'
             and (t.updated_at, t.id) > (v_at, v_id)
           order by t.updated_at, t.id
           limit p_limit;
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists finance_invoice_page(timestamptz, timestamptz, uuid, integer);`);
  }

}
