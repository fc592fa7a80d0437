// The finance area: its own navigation, holding the chosen school while moving between its
// pages (subscriptions, invoices and credit notes, payments, aged debt, API keys, webhooks).
import { NavLink, Navigate, Route, Routes } from 'react-router';
import { FinanceApiKeys } from './finance-api-keys';
import { FinanceAgedDebt } from './finance-aged-debt';
import { SchoolState } from './finance-chosen-school';
import { FinanceInvoices, FinancePayments, FinanceSubscription } from './finance-school';
import { FinanceWebhooks } from './finance-webhooks';

const SECTIONS = [
  { to: 'subscriptions', label: 'Subscriptions' },
  { to: 'invoices', label: 'Invoices and credit notes' },
  { to: 'payments', label: 'Payments' },
  { to: 'aged-debt', label: 'Aged debt' },
  { to: 'api-keys', label: 'API keys' },
  { to: 'webhooks', label: 'Webhooks' },
];

export default function FinanceArea() {
  return (
    <SchoolState>
      <nav aria-label="Finance" className="sub-nav">
        <ul>
          {SECTIONS.map((section) => (
            <li key={section.to}>
              <NavLink to={`/finance/${section.to}`}>{section.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Routes>
        <Route index element={<Navigate to="/finance/subscriptions" replace />} />
        <Route path="subscriptions" element={<FinanceSubscription />} />
        <Route path="invoices" element={<FinanceInvoices />} />
        <Route path="payments" element={<FinancePayments />} />
        <Route path="aged-debt" element={<FinanceAgedDebt />} />
        <Route path="api-keys" element={<FinanceApiKeys />} />
        <Route path="webhooks" element={<FinanceWebhooks />} />
        <Route path="*" element={<Navigate to="/finance/subscriptions" replace />} />
      </Routes>
    </SchoolState>
  );
}
