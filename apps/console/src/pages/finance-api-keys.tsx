// The finance API's keys (P28): made with the scopes a finance system needs and an expiry,
// shown once at creation, revoked when no longer wanted.
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  FINANCE_API_SCOPES,
  MAX_FINANCE_API_KEY_DAYS,
  type FinanceApiKeyView,
  type FinanceApiScope,
  type IssuedFinanceApiKey,
} from '@pt/contracts/identity/finance-api-keys';
import { api, ApiError, request } from '../api/client';
import { describeProblem } from '../api/problem';
import { CheckboxGroupField, FormError, TextField } from '../components/form-fields';
import { applyProblem, summaryError } from '../components/form-problems';
import { usePageTitle } from '../components/page-title';
import { SecretOnce } from '../components/secret-once';
import { formatDay } from './finance-figures';
import { QueryStatus } from '../components/list-status';

const KEYS = ['finance', 'api-keys'] as const;
const PATH = '/api/v1/platform/finance-api-keys';

const SCOPE_WORDS: Record<FinanceApiScope, string> = {
  'invoices:read': 'Read invoices, credit notes and subscriptions (invoices:read)',
  'payments:read': 'Read payments (payments:read)',
  'payments:write': 'Record payments, refunds and credit applications (payments:write)',
  'webhooks:manage': 'Manage webhook endpoints (webhooks:manage)',
};

interface KeyForm {
  name: string;
  scopes: FinanceApiScope[];
  expiresOn: string;
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

function CreateKey({ onIssued }: { onIssued: (key: IssuedFinanceApiKey) => void }) {
  const [failure, setFailure] = useState<{ error: unknown; other: string[] } | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<KeyForm>({ defaultValues: { name: '', scopes: [], expiresOn: inDays(365) } });
  const submit = handleSubmit(async (form) => {
    setFailure(null);
    try {
      const issued = await api.post<IssuedFinanceApiKey>(PATH, {
        name: form.name.trim(),
        scopes: form.scopes,
        // The end of the chosen day (UTC): the key works through the whole of it.
        expiresAt: `${form.expiresOn}T23:59:59.000Z`,
      });
      reset();
      onIssued(issued);
    } catch (error) {
      // The API names the instant expiresAt; the form's field is the day.
      const named =
        error instanceof ApiError
          ? new ApiError(
              error.status,
              error.code,
              error.detail,
              error.fieldErrors.map((e) => (e.field === 'expiresAt' ? { ...e, field: 'expiresOn' } : e)),
              error.retryAfterSeconds,
              error.body,
            )
          : error;
      const other = applyProblem(named, setError, { name: 'Name', scopes: 'Scopes', expiresOn: 'Expires on' });
      setFailure({ error: summaryError(named, other), other });
    }
  });
  return (
    <form onSubmit={submit} noValidate aria-labelledby="create-key-heading">
      <h2 id="create-key-heading">Make a key</h2>
      <FormError error={failure?.error} messages={failure?.other} />
      <TextField
        label="Name"
        hint="What the key is for, such as the finance system using it."
        error={errors.name?.message}
        maxLength={100}
        {...register('name', { validate: (v) => v.trim() !== '' || 'Enter a name for the key.' })}
      />
      <CheckboxGroupField
        legend="Scopes"
        idPrefix="scope"
        error={errors.scopes?.message}
        choices={FINANCE_API_SCOPES.map((scope) => ({ value: scope, label: SCOPE_WORDS[scope] }))}
        registration={register('scopes', { validate: (v) => v.length > 0 || 'Choose at least one scope.' })}
      />
      <TextField
        label="Expires on"
        type="date"
        hint={`At most ${MAX_FINANCE_API_KEY_DAYS} days from today.`}
        min={inDays(1)}
        max={inDays(MAX_FINANCE_API_KEY_DAYS)}
        error={errors.expiresOn?.message}
        {...register('expiresOn', { required: 'Enter the day the key stops working.' })}
      />
      <button type="submit" disabled={isSubmitting}>
        {isSubmitting ? 'Making the key…' : 'Make key'}
      </button>
    </form>
  );
}

function RevokeButton({ apiKey }: { apiKey: FinanceApiKeyView }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const revoke = useMutation({
    mutationFn: () => request('DELETE', `${PATH}/${apiKey.id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEYS }),
  });
  if (!apiKey.active) return <>—</>;
  return (
    <>
      {confirming ? (
        <>
          <button type="button" className="warning" onClick={() => revoke.mutate()} disabled={revoke.isPending}>
            Revoke {apiKey.name} now
          </button>{' '}
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Keep it
          </button>
        </>
      ) : (
        <button
          type="button"
          className="secondary"
          onClick={() => setConfirming(true)}
          aria-label={`Revoke ${apiKey.name}`}
        >
          Revoke
        </button>
      )}
      {revoke.isError && (
        <span className="error-message" role="alert">
          {describeProblem(revoke.error)}
        </span>
      )}
    </>
  );
}

export function FinanceApiKeys() {
  usePageTitle('API keys');
  const queryClient = useQueryClient();
  const [issued, setIssued] = useState<IssuedFinanceApiKey | null>(null);
  const keys = useQuery({
    queryKey: KEYS,
    queryFn: ({ signal }) => api.get<{ items: FinanceApiKeyView[] }>(PATH, signal),
  });
  return (
    <>
      <h1>API keys</h1>
      <p>Keys let a finance system call the finance API (/api/v1/finance) with only the scopes it is given.</p>
      {issued && <SecretOnce title={`The key for ${issued.name}`} secret={issued.key} onDone={() => setIssued(null)} />}
      <QueryStatus query={keys} loading="Loading keys" />
      {keys.data?.items.length === 0 && <p>No keys yet.</p>}
      {!!keys.data?.items.length && (
        <table>
          <caption className="visually-hidden">Finance API keys</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Ends in</th>
              <th scope="col">Scopes</th>
              <th scope="col">Made</th>
              <th scope="col">Expires</th>
              <th scope="col">State</th>
              <th scope="col">Revoke</th>
            </tr>
          </thead>
          <tbody>
            {keys.data.items.map((key) => (
              <tr key={key.id}>
                <th scope="row">{key.name}</th>
                <td>
                  <code>…{key.lastFour}</code>
                </td>
                <td>{key.scopes.join(', ')}</td>
                <td>{formatDay(key.createdAt)}</td>
                <td>{formatDay(key.expiresAt)}</td>
                <td>{key.active ? 'Active' : key.revokedAt ? `Revoked ${formatDay(key.revokedAt)}` : 'Expired'}</td>
                <td>
                  <RevokeButton apiKey={key} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CreateKey
        onIssued={(key) => {
          setIssued(key);
          void queryClient.invalidateQueries({ queryKey: KEYS });
        }}
      />
    </>
  );
}
