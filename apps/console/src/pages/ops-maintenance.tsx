// Ops: maintenance windows (P13). Plan one (start, end, read-only or offline, the reason the
// users in scope are shown), see before it who is logged in (now, and as recorded at each lead
// time), and cancel one. The platform-wide scope only: windows for chosen schools stay an API task.
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  MaintenanceMode,
  MaintenancePhase,
  MaintenancePreflight,
  MaintenanceSnapshotView,
  MaintenanceWindowPage,
  MaintenanceWindowView,
} from '@pt/contracts/identity/maintenance';
import type { ActiveSessionPage } from '@pt/contracts/identity/sessions';
import { api } from '../api/client';
import { FormError, TextField } from '../components/form-fields';
import { applyProblem, summaryError } from '../components/form-problems';
import { Loading } from '../components/layout';
import { momentInWords } from '../components/date-words';
import { usePageTitle } from '../components/page-title';
import { QueryStatus } from '../components/list-status';

const PATH = '/api/v1/ops/maintenance-windows';
const KEYS = ['ops', 'maintenance'] as const;

const PHASE_WORDS: Record<MaintenancePhase, string> = {
  scheduled: 'Scheduled',
  warning: 'Users are being warned',
  in_progress: 'In progress',
  completed: 'Over',
  cancelled: 'Cancelled',
};

const MODE_WORDS: Record<MaintenanceMode, string> = {
  'read-only': 'Read-only (reads and sign-ins work, changes are refused)',
  offline: 'Offline (everyone in scope is signed out and kept out)',
};

interface WindowForm {
  startsAt: string;
  endsAt: string;
  mode: MaintenanceMode;
  reason: string;
}

/** A datetime-local value (the browser's local time) as the instant the API takes. */
const instant = (local: string) => new Date(local).toISOString();

function CreateWindow() {
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<{ error: unknown; other: string[] } | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    getValues,
    formState: { errors, isSubmitting },
  } = useForm<WindowForm>({ defaultValues: { startsAt: '', endsAt: '', mode: 'read-only', reason: '' } });
  const submit = handleSubmit(async (form) => {
    setFailure(null);
    try {
      await api.post<MaintenanceWindowView>(PATH, {
        startsAt: instant(form.startsAt),
        endsAt: instant(form.endsAt),
        mode: form.mode,
        reason: form.reason.trim(),
        scope: { kind: 'platform' },
      });
      reset();
      await queryClient.invalidateQueries({ queryKey: KEYS });
    } catch (error) {
      const other = applyProblem(error, setError, {
        startsAt: 'Start',
        endsAt: 'End',
        mode: 'Mode',
        reason: 'Reason',
      });
      setFailure({ error: summaryError(error, other), other });
    }
  });
  const validDate = (v: string) => (v !== '' && !Number.isNaN(Date.parse(v))) || 'Enter a date and time.';
  return (
    <form onSubmit={submit} noValidate aria-labelledby="create-window-heading">
      <h2 id="create-window-heading">Plan a window</h2>
      <p>For the whole platform; ops and platform administrators are never kept out.</p>
      <FormError error={failure?.error} messages={failure?.other} />
      <TextField
        label="Start"
        type="datetime-local"
        error={errors.startsAt?.message}
        {...register('startsAt', { validate: validDate })}
      />
      <TextField
        label="End"
        type="datetime-local"
        error={errors.endsAt?.message}
        {...register('endsAt', {
          validate: (v) => {
            const valid = validDate(v);
            if (valid !== true) return valid;
            const start = Date.parse(getValues('startsAt'));
            return Number.isNaN(start) || Date.parse(v) > start || 'The end must be after the start.';
          },
        })}
      />
      <fieldset>
        <legend>Mode</legend>
        {(['read-only', 'offline'] as const).map((mode) => (
          <div className="checkbox" key={mode}>
            <input type="radio" id={`mode-${mode}`} value={mode} {...register('mode')} />
            <label htmlFor={`mode-${mode}`}>{MODE_WORDS[mode]}</label>
          </div>
        ))}
      </fieldset>
      <TextField
        label="Reason"
        hint="Shown to the users in scope in their warning."
        error={errors.reason?.message}
        maxLength={500}
        autoComplete="off"
        {...register('reason', { validate: (v) => v.trim() !== '' || 'Say why, in words the users will see.' })}
      />
      <button type="submit" disabled={isSubmitting}>
        {isSubmitting ? 'Planning the window…' : 'Plan window'}
      </button>
    </form>
  );
}

/** Who is logged in now in the window's scope, named from the live sessions, and who was at each step. */
function Preflight({ window }: { window: MaintenanceWindowView }) {
  const preflight = useQuery({
    queryKey: [...KEYS, window.id, 'preflight'],
    queryFn: ({ signal }) => api.get<MaintenancePreflight>(`${PATH}/${window.id}/preflight`, signal),
    refetchInterval: 15_000,
  });
  const snapshots = useQuery({
    queryKey: [...KEYS, window.id, 'snapshots'],
    queryFn: ({ signal }) => api.get<{ items: MaintenanceSnapshotView[] }>(`${PATH}/${window.id}/snapshots`, signal),
  });
  const sessions = useQuery({
    queryKey: ['ops', 'sessions'],
    queryFn: ({ signal }) => api.get<ActiveSessionPage>('/api/v1/ops/sessions?limit=100', signal),
    refetchInterval: 15_000,
  });
  const names = new Map((sessions.data?.items ?? []).map((s) => [s.id, s.username]));
  return (
    <section aria-labelledby={`preflight-${window.id}`}>
      <h3 id={`preflight-${window.id}`}>Pre-flight: who is logged in</h3>
      {preflight.isPending && <Loading />}
      <QueryStatus query={preflight} />
      {preflight.data && (
        <>
          <p>
            Now ({momentInWords(preflight.data.at)}): {preflight.data.liveSessions} live session
            {preflight.data.liveSessions === 1 ? '' : 's'} in scope, who will be{' '}
            {preflight.data.mode === 'offline' ? 'signed out at the start' : 'kept reading only'}.
          </p>
          {preflight.data.sessions.length > 0 && (
            <ul aria-label="Logged in now">
              {preflight.data.sessions.map((s) => (
                <li key={s.sessionId}>
                  {names.get(s.sessionId) ?? 'A user'} ({s.schoolId ? 'a school' : 'platform'}), last seen{' '}
                  {momentInWords(s.lastSeenAt)}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {snapshots.data && (
        <table>
          <caption>
            Recorded at each lead time ({window.leadMinutes.join(', ')} minutes before) and at the start
          </caption>
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">Taken</th>
              <th scope="col">Users</th>
              <th scope="col">Sessions</th>
              <th scope="col">Schools</th>
            </tr>
          </thead>
          <tbody>
            {snapshots.data.items.length === 0 && (
              <tr>
                <td colSpan={5}>None yet: the first is taken {window.leadMinutes[0] ?? 0} minutes before the start.</td>
              </tr>
            )}
            {snapshots.data.items.map((snap) => (
              <tr key={snap.step}>
                <th scope="row">
                  {snap.step === 'start' ? 'At the start' : `${snap.step.replace('lead-', '')} minutes before`}
                </th>
                <td>{momentInWords(snap.takenAt)}</td>
                <td>{snap.userCount}</td>
                <td>{snap.sessionCount}</td>
                <td>{snap.schoolCount}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function WindowEntry({ window }: { window: MaintenanceWindowView }) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const cancel = useMutation({
    mutationFn: () => api.post<MaintenanceWindowView>(`${PATH}/${window.id}/cancel`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEYS }),
  });
  const live = window.phase !== 'completed' && window.phase !== 'cancelled';
  return (
    <article className="window-entry" aria-labelledby={`window-${window.id}`}>
      <h2 id={`window-${window.id}`}>
        {momentInWords(window.startsAt)} to {momentInWords(window.endsAt)}
      </h2>
      <dl className="facts">
        <dt>State</dt>
        <dd>{PHASE_WORDS[window.phase]}</dd>
        <dt>Mode</dt>
        <dd>{MODE_WORDS[window.mode]}</dd>
        <dt>Scope</dt>
        <dd>{window.scope.kind === 'platform' ? 'The whole platform' : `${window.scope.schoolIds.length} schools`}</dd>
        <dt>Reason</dt>
        <dd>{window.reason}</dd>
      </dl>
      <QueryStatus query={cancel} />
      <div className="button-row">
        <button type="button" className="secondary" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? 'Hide the pre-flight' : 'Show the pre-flight'}
        </button>
        {live && !confirming && (
          <button type="button" className="secondary" onClick={() => setConfirming(true)}>
            Cancel window
          </button>
        )}
      </div>
      {live && confirming && (
        <div className="confirm-panel" role="group" aria-label="Confirm cancelling">
          <p>
            Cancel this window?{' '}
            {window.phase === 'in_progress' ? 'It ends at once.' : 'The users in scope stop being warned.'}
          </p>
          <div className="button-row">
            <button type="button" className="warning" disabled={cancel.isPending} onClick={() => cancel.mutate()}>
              Yes, cancel the window
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        </div>
      )}
      {open && <Preflight window={window} />}
    </article>
  );
}

export default function OpsMaintenance() {
  usePageTitle('Maintenance windows');
  const windows = useQuery({
    queryKey: KEYS,
    queryFn: ({ signal }) => api.get<MaintenanceWindowPage>(`${PATH}?limit=100`, signal),
    refetchInterval: 30_000,
  });
  return (
    <>
      <h1>Maintenance windows</h1>
      <CreateWindow />
      {windows.isPending && <Loading />}
      <QueryStatus query={windows} />
      {windows.data && windows.data.items.length === 0 && <p>No windows are planned.</p>}
      {windows.data?.items.map((w) => (
        <WindowEntry key={w.id} window={w} />
      ))}
    </>
  );
}
