// The school the finance area's per-school pages show. Platform finance reaches a school's
// billing by id (/api/v1/platform/billing/schools/:schoolId/...); the schools to choose from
// are those in the aged-debt report, or any id typed in. The choice lives in the area's state
// (kept while moving between its pages), never in the page's address.
import { createContext, useContext, useState, type FormEvent, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { AgedDebtReport } from '@pt/contracts/billing/payments';
import { api } from '../api/client';

export const AGED_DEBT_KEY = ['finance', 'aged-debt'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface ChosenSchool {
  schoolId: string | null;
  choose: (schoolId: string | null) => void;
}
const SchoolContext = createContext<ChosenSchool>({ schoolId: null, choose: () => undefined });
export const useChosenSchool = () => useContext(SchoolContext);

export function useAgedDebt() {
  return useQuery({
    queryKey: AGED_DEBT_KEY,
    queryFn: ({ signal }) => api.get<AgedDebtReport>('/api/v1/platform/billing/aged-debt', signal),
    staleTime: 60_000,
  });
}

/** Chooses the school the subscription, invoice and payment pages show. */
export function SchoolPicker() {
  const { schoolId, choose } = useChosenSchool();
  const report = useAgedDebt();
  const [typed, setTyped] = useState('');
  const [typedError, setTypedError] = useState<string | null>(null);
  const known = report.data?.schools ?? [];
  const showTyped = (event: FormEvent) => {
    event.preventDefault();
    const id = typed.trim();
    if (!UUID.test(id)) {
      setTypedError(
        'Enter the school’s id in full: 36 letters, digits and dashes, such as 3f0c2a1e-5b7d-4c39-9e2f-0a1b2c3d4e5f.',
      );
      return;
    }
    setTypedError(null);
    choose(id);
  };
  return (
    <section className="school-picker" aria-label="Choose a school">
      <div className="field">
        <label htmlFor="finance-school">School</label>
        <select id="finance-school" value={schoolId ?? ''} onChange={(e) => choose(e.target.value || null)}>
          <option value="">Choose a school</option>
          {known.map((row) => (
            <option key={row.schoolId} value={row.schoolId}>
              {row.customerName}
            </option>
          ))}
          {schoolId && !known.some((row) => row.schoolId === schoolId) && <option value={schoolId}>{schoolId}</option>}
        </select>
        <p className="hint">Schools with invoices issued. For another school, enter its id below.</p>
      </div>
      <form onSubmit={showTyped} noValidate className="inline-form">
        <div className={typedError ? 'field field-error' : 'field'}>
          <label htmlFor="finance-school-id">School id</label>
          {typedError && (
            <p className="error-message" id="finance-school-id-error">
              <span className="visually-hidden">Error: </span>
              {typedError}
            </p>
          )}
          <input
            id="finance-school-id"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={typedError ? true : undefined}
            aria-describedby={typedError ? 'finance-school-id-error' : undefined}
          />
        </div>
        <button type="submit" className="secondary">
          Show this school
        </button>
      </form>
    </section>
  );
}

export function SchoolState({ children }: { children: ReactNode }) {
  const [schoolId, choose] = useState<string | null>(null);
  return <SchoolContext.Provider value={{ schoolId, choose }}>{children}</SchoolContext.Provider>;
}
