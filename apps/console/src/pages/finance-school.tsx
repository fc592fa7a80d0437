// A chosen school's billing for platform finance: its subscription and where it stands in the
// lifecycle (active, grace, purged), its invoices and credit notes with their PDFs, and its
// payments. Every request names the school by id only.
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { SubscriptionView } from '@pt/contracts/billing/subscriptions';
import type { CreditNoteView, InvoiceStatus, InvoiceView } from '@pt/contracts/billing/invoices';
import type { PaymentView } from '@pt/contracts/billing/payments';
import type { GraceChargePage } from '@pt/contracts/billing/lifecycle';
import { api, ApiError } from '../api/client';
import { downloadFile } from '../api/download';
import { describeProblem } from '../api/problem';
import { Loading } from '../components/layout';
import { usePageTitle } from '../components/page-title';
import { formatDay, formatPence, lifecycleWords } from './finance-figures';
import { SchoolPicker, useChosenSchool } from './finance-chosen-school';
import { QueryStatus } from '../components/list-status';

const schoolPath = (schoolId: string) => `/api/v1/platform/billing/schools/${encodeURIComponent(schoolId)}`;

const INVOICE_STATUS: Record<InvoiceStatus, string> = {
  draft: 'Draft',
  issued: 'Issued',
  partly_paid: 'Partly paid',
  paid: 'Paid',
  void: 'Void',
};

function ChooseFirst() {
  return <p>Choose a school to see its billing.</p>;
}

export function FinanceSubscription() {
  usePageTitle('Subscriptions');
  const { schoolId } = useChosenSchool();
  const subscription = useQuery({
    queryKey: ['finance', schoolId, 'subscription'],
    queryFn: ({ signal }) => api.get<SubscriptionView>(`${schoolPath(schoolId!)}/subscription`, signal),
    enabled: !!schoolId,
    retry: false,
  });
  const grace = useQuery({
    queryKey: ['finance', schoolId, 'grace-charges'],
    queryFn: ({ signal }) => api.get<GraceChargePage>(`${schoolPath(schoolId!)}/grace-charges`, signal),
    enabled: !!schoolId && subscription.data?.status === 'expired',
    retry: false,
  });
  const s = subscription.data;
  const lifecycle = s ? lifecycleWords(s) : null;
  return (
    <>
      <h1>Subscriptions</h1>
      <SchoolPicker />
      {!schoolId && <ChooseFirst />}
      {subscription.isLoading && <Loading what="Loading the subscription" />}
      {subscription.isError &&
        (subscription.error instanceof ApiError && subscription.error.status === 404 ? (
          <p role="status">This school has no subscription.</p>
        ) : (
          <p role="alert">{describeProblem(subscription.error)}</p>
        ))}
      {s && lifecycle && (
        <section aria-labelledby="subscription-heading">
          <h2 id="subscription-heading">
            Subscription <span className={`tag lifecycle-${lifecycle.state}`}>{lifecycle.label}</span>
          </h2>
          <p>{lifecycle.explanation}</p>
          <dl className="details">
            <div>
              <dt>Lifecycle state</dt>
              <dd>{lifecycle.label}</dd>
            </div>
            <div>
              <dt>Customer</dt>
              <dd>{s.legalEntity.name}</dd>
            </div>
            <div>
              <dt>Starts</dt>
              <dd>{formatDay(s.startsOn)}</dd>
            </div>
            <div>
              <dt>Ends</dt>
              <dd>{formatDay(s.endsOn)}</dd>
            </div>
            <div>
              <dt>Purge due</dt>
              <dd>{formatDay(s.purgeDueOn)}</dd>
            </div>
            <div>
              <dt>Pupils billed</dt>
              <dd>{s.pupils}</dd>
            </div>
            <div>
              <dt>Annual price (incl. VAT)</dt>
              <dd>
                {formatPence(s.annual.gross)} ({formatPence(s.annual.net)} + VAT {formatPence(s.annual.vat)})
              </dd>
            </div>
            <div>
              <dt>Purchase order</dt>
              <dd>{s.purchaseOrderNumber ?? '—'}</dd>
            </div>
            <div>
              <dt>Billing contact</dt>
              <dd>{s.billingContactEmail}</dd>
            </div>
          </dl>
          {grace.data && (
            <p>
              {grace.data.items.length === 0
                ? 'No access in grace has been charged yet.'
                : `${grace.data.items.length} access${grace.data.items.length === 1 ? '' : 'es'} in grace charged so far, ${formatPence(grace.data.totalGrossPence)} in all.`}
            </p>
          )}
        </section>
      )}
    </>
  );
}

/** A PDF button: the file comes through the API with the session, so the address holds ids only. */
function PdfButton({ path, name, label }: { path: string; name: string; label: string }) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <button
        type="button"
        className="link-button"
        aria-label={label}
        disabled={busy}
        onClick={() => {
          setBusy(true);
          setError(null);
          downloadFile(path, name)
            .catch(setError)
            .finally(() => setBusy(false));
        }}
      >
        {busy ? 'Downloading…' : 'PDF'}
      </button>
      {error ? (
        <span className="error-message" role="alert">
          {describeProblem(error)}
        </span>
      ) : null}
    </>
  );
}

export function FinanceInvoices() {
  usePageTitle('Invoices and credit notes');
  const { schoolId } = useChosenSchool();
  const invoices = useQuery({
    queryKey: ['finance', schoolId, 'invoices'],
    queryFn: ({ signal }) => api.get<{ items: InvoiceView[] }>(`${schoolPath(schoolId!)}/invoices`, signal),
    enabled: !!schoolId,
  });
  const creditNotes = useQuery({
    queryKey: ['finance', schoolId, 'credit-notes'],
    queryFn: ({ signal }) => api.get<{ items: CreditNoteView[] }>(`${schoolPath(schoolId!)}/credit-notes`, signal),
    enabled: !!schoolId,
  });
  return (
    <>
      <h1>Invoices and credit notes</h1>
      <SchoolPicker />
      {!schoolId && <ChooseFirst />}
      {schoolId && (
        <>
          <h2>Invoices</h2>
          {invoices.isLoading && <Loading what="Loading invoices" />}
          <QueryStatus query={invoices} />
          {invoices.data?.items.length === 0 && <p>No invoices.</p>}
          {!!invoices.data?.items.length && (
            <table>
              <caption className="visually-hidden">The school’s invoices</caption>
              <thead>
                <tr>
                  <th scope="col">Number</th>
                  <th scope="col">Status</th>
                  <th scope="col">Issued</th>
                  <th scope="col">Due</th>
                  <th scope="col" className="money">
                    Total
                  </th>
                  <th scope="col" className="money">
                    Still owed
                  </th>
                  <th scope="col">PDF</th>
                </tr>
              </thead>
              <tbody>
                {invoices.data.items.map((invoice) => (
                  <tr key={invoice.id}>
                    <th scope="row">{invoice.number ?? 'Draft'}</th>
                    <td>{INVOICE_STATUS[invoice.status]}</td>
                    <td>{formatDay(invoice.issuedOn)}</td>
                    <td>{formatDay(invoice.dueOn)}</td>
                    <td className="money">{formatPence(invoice.grossPence)}</td>
                    <td className="money">{formatPence(invoice.amountDuePence)}</td>
                    <td>
                      <PdfButton
                        path={`${schoolPath(schoolId)}/invoices/${invoice.id}/pdf`}
                        name={`invoice-${invoice.number ?? invoice.id}.pdf`}
                        label={`Download invoice ${invoice.number ?? 'draft'} as PDF`}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h2>Credit notes</h2>
          {creditNotes.isLoading && <Loading what="Loading credit notes" />}
          <QueryStatus query={creditNotes} />
          {creditNotes.data?.items.length === 0 && <p>No credit notes.</p>}
          {!!creditNotes.data?.items.length && (
            <table>
              <caption className="visually-hidden">The school’s credit notes</caption>
              <thead>
                <tr>
                  <th scope="col">Number</th>
                  <th scope="col">Against invoice</th>
                  <th scope="col">Issued</th>
                  <th scope="col" className="money">
                    Amount
                  </th>
                  <th scope="col" className="money">
                    Owed to the school
                  </th>
                  <th scope="col">PDF</th>
                </tr>
              </thead>
              <tbody>
                {creditNotes.data.items.map((note) => (
                  <tr key={note.id}>
                    <th scope="row">{note.number}</th>
                    <td>{note.invoice.number}</td>
                    <td>{formatDay(note.issuedOn)}</td>
                    <td className="money">{formatPence(note.grossPence)}</td>
                    <td className="money">{formatPence(note.owedToSchoolPence)}</td>
                    <td>
                      <PdfButton
                        path={`${schoolPath(schoolId)}/credit-notes/${note.id}/pdf`}
                        name={`credit-note-${note.number}.pdf`}
                        label={`Download credit note ${note.number} as PDF`}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </>
  );
}

export function FinancePayments() {
  usePageTitle('Payments');
  const { schoolId } = useChosenSchool();
  const payments = useQuery({
    queryKey: ['finance', schoolId, 'payments'],
    queryFn: ({ signal }) => api.get<{ items: PaymentView[] }>(`${schoolPath(schoolId!)}/payments`, signal),
    enabled: !!schoolId,
  });
  return (
    <>
      <h1>Payments</h1>
      <SchoolPicker />
      {!schoolId && <ChooseFirst />}
      {payments.isLoading && <Loading what="Loading payments" />}
      <QueryStatus query={payments} />
      {payments.data?.items.length === 0 && <p>No payments recorded.</p>}
      {!!payments.data?.items.length && (
        <table>
          <caption className="visually-hidden">The school’s payments, as received</caption>
          <thead>
            <tr>
              <th scope="col">Reference</th>
              <th scope="col">Received</th>
              <th scope="col">Method</th>
              <th scope="col" className="money">
                Amount
              </th>
              <th scope="col">Paid against</th>
              <th scope="col" className="money">
                Account credit
              </th>
            </tr>
          </thead>
          <tbody>
            {payments.data.items.map((payment) => (
              <tr key={payment.id}>
                <th scope="row">{payment.reference}</th>
                <td>{formatDay(payment.receivedOn)}</td>
                <td>{payment.method === 'card' ? 'Card' : 'Bank transfer'}</td>
                <td className="money">{formatPence(payment.amountPence)}</td>
                <td>
                  {payment.allocations.map((a) => `${a.invoiceNumber} (${formatPence(a.amountPence)})`).join(', ') ||
                    '—'}
                </td>
                <td className="money">{formatPence(payment.unallocatedPence)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
