// Support access (P12, support:grant): the school lets platform support in for a while, with
// the permissions it chooses (looking, not changing, unless it says otherwise), sees each
// grant's clock in words updating by itself, and can end a grant at any moment.
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { SCHOOL_PERMISSIONS } from '@pt/contracts/identity/permissions';
import { DEFAULT_SUPPORT_PERMISSIONS, type SupportGrantView } from '@pt/contracts/identity/support';
import { api, request } from '../api/client';
import { describeProblem } from '../api/problem';
import { CheckboxGroupField, FormError, TextField } from '../components/form-fields';
import { applyProblem, summaryError } from '../components/form-problems';
import { momentInWords } from '../components/date-words';
import { Loading } from '../components/layout';
import { usePageTitle } from '../components/page-title';
import { Permitted } from '../components/permitted';
import { useSession } from '../session';
import { GRANT_DURATIONS, grantClock, permissionInWords, permissionsInWords } from './user-words';

const PATH = '/api/v1/support-grants';
const KEYS = ['support-grants'] as const;

function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

interface GrantForm {
  reason: string;
  durationHours: string;
  permissions: string[];
}

function GrantAccess() {
  const queryClient = useQueryClient();
  const { permissions: held } = useSession();
  // Nobody hands out what they do not hold: the choices are the school permissions this admin has.
  const choices = SCHOOL_PERMISSIONS.filter((permission) => held.has(permission));
  const [failure, setFailure] = useState<{ error: unknown; other: string[] } | null>(null);
  const [granted, setGranted] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<GrantForm>({
    defaultValues: { reason: '', durationHours: '8', permissions: [...DEFAULT_SUPPORT_PERMISSIONS] },
  });
  const submit = handleSubmit(async (form) => {
    setFailure(null);
    setGranted(null);
    try {
      const grant = await api.post<SupportGrantView>(PATH, {
        reason: form.reason.trim(),
        durationHours: Number(form.durationHours),
        permissions: form.permissions,
      });
      reset();
      setGranted(`Support may come in until ${momentInWords(grant.expiresAt)}.`);
      await queryClient.invalidateQueries({ queryKey: KEYS });
    } catch (error) {
      const other = applyProblem(error, setError, {
        reason: 'Reason',
        durationHours: 'How long',
        permissions: 'What support may do',
      });
      setFailure({ error: summaryError(error, other), other });
    }
  });
  return (
    <form onSubmit={submit} noValidate aria-labelledby="grant-heading">
      <h2 id="grant-heading">Let support in</h2>
      <p>Everything support does while they are in is in your audit trail, marked with the grant.</p>
      <FormError error={failure?.error} messages={failure?.other} />
      {granted && <p role="status">{granted}</p>}
      <TextField
        label="Reason"
        hint="What support is coming in to do. It is shown in the audit trail."
        maxLength={500}
        autoComplete="off"
        error={errors.reason?.message}
        {...register('reason', { validate: (v) => v.trim() !== '' || 'Enter why support needs to come in.' })}
      />
      <div className={errors.durationHours ? 'field field-error' : 'field'}>
        <label htmlFor="grant-duration">How long</label>
        {errors.durationHours && (
          <p className="error-message" id="grant-duration-error">
            <span className="visually-hidden">Error: </span>
            {errors.durationHours.message}
          </p>
        )}
        <select
          id="grant-duration"
          aria-describedby={errors.durationHours ? 'grant-duration-error' : undefined}
          {...register('durationHours')}
        >
          {GRANT_DURATIONS.map((duration) => (
            <option key={duration.hours} value={String(duration.hours)}>
              {duration.words}
            </option>
          ))}
        </select>
      </div>
      <CheckboxGroupField
        legend="What support may do"
        idPrefix="grant"
        hint="Looking only, unless you choose more. You can give only what you may do yourself."
        error={errors.permissions?.message}
        choices={choices.map((permission) => ({ value: permission, label: permissionInWords(permission) }))}
        registration={register('permissions', { validate: (v) => v.length > 0 || 'Choose at least one thing.' })}
      />
      <button type="submit" disabled={isSubmitting}>
        {isSubmitting ? 'Letting support in…' : 'Let support in'}
      </button>
    </form>
  );
}

function RevokeButton({ grant }: { grant: SupportGrantView }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const revoke = useMutation({
    mutationFn: () => request<SupportGrantView>('DELETE', `${PATH}/${grant.id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEYS }),
  });
  const label = `support access for “${grant.reason}”`;
  return (
    <>
      {revoke.isError && (
        <p role="alert" className="error-message">
          {describeProblem(revoke.error)}
        </p>
      )}
      {confirming ? (
        <div className="confirm-panel" role="group" aria-label={`Confirm ending ${label}`}>
          <p>End it now? Support’s sessions under it end at once.</p>
          <div className="button-row">
            <button type="button" className="warning" onClick={() => revoke.mutate()} disabled={revoke.isPending}>
              Yes, end it now
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="secondary" aria-label={`End ${label}`} onClick={() => setConfirming(true)}>
          End now
        </button>
      )}
    </>
  );
}

function Grants() {
  const now = useNow(30_000);
  const grants = useQuery({
    queryKey: KEYS,
    queryFn: ({ signal }) => api.get<{ items: SupportGrantView[] }>(PATH, signal),
    refetchInterval: 60_000,
  });
  if (grants.isPending) return <Loading what="Loading support access" />;
  if (grants.isError) return <p role="alert">{describeProblem(grants.error)}</p>;
  const items = grants.data.items;
  return (
    <section aria-labelledby="grants-heading">
      <h2 id="grants-heading">Grants</h2>
      {items.length === 0 ? (
        <p>Support has never been let in.</p>
      ) : (
        <table>
          <caption className="visually-hidden">Support access, current and past, with the time each has left</caption>
          <thead>
            <tr>
              <th scope="col">Reason</th>
              <th scope="col">Support may</th>
              <th scope="col">From</th>
              <th scope="col">Until</th>
              <th scope="col">Clock</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((grant) => {
              const clock = grantClock(grant, now);
              const live = clock.state === 'active' && grant.active;
              return (
                <tr key={grant.id}>
                  <th scope="row">{grant.reason}</th>
                  <td>{permissionsInWords(grant.permissions).join('; ')}</td>
                  <td>{momentInWords(grant.startsAt)}</td>
                  <td>{momentInWords(grant.expiresAt)}</td>
                  <td>
                    <span className={live ? 'tag clock-running' : 'tag clock-ended'}>{clock.words}</span>
                  </td>
                  <td>{live ? <RevokeButton grant={grant} /> : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

export default function SupportAccess() {
  usePageTitle('Support access');
  return (
    <Permitted needs={['support:grant']} title="Support access" what="let platform support into the school">
      <h1>Support access</h1>
      <p>
        Platform support can come into your school’s account only while you let them, for the time you choose and to do
        what you choose.
      </p>
      <Grants />
      <GrantAccess />
    </Permitted>
  );
}
