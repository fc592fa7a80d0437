// Ops: who is signed in, by school, refreshing by itself every 15 seconds; any session can be
// ended with a reason, after a confirmation naming whose it is (ending one is not undone).
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ActiveSessionPage,
  ActiveSessionSummary,
  ActiveSessionView,
  EndedSessionView,
} from '@pt/contracts/identity/sessions';
import { api } from '../api/client';
import { FormError, TextField } from '../components/form-fields';
import { applyProblem, summaryError } from '../components/form-problems';
import { Loading } from '../components/layout';
import { usePageTitle } from '../components/page-title';
import { QueryStatus } from '../components/list-status';

const time = (iso: string) => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });

function ConfirmEnd({ session, onDone }: { session: ActiveSessionView; onDone: (ended: boolean) => void }) {
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<{ error: unknown; other: string[] } | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<{ reason: string }>({ defaultValues: { reason: '' } });
  const end = useMutation({
    mutationFn: (reason: string) => api.post<EndedSessionView>(`/api/v1/ops/sessions/${session.id}/end`, { reason }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['ops', 'sessions'] }),
  });
  const submit = handleSubmit(async ({ reason }) => {
    setFailure(null);
    try {
      await end.mutateAsync(reason.trim());
      onDone(true);
    } catch (error) {
      const other = applyProblem(error, setError, { reason: 'Reason' });
      setFailure({ error: summaryError(error, other), other });
    }
  });
  return (
    <form onSubmit={submit} noValidate className="confirm-panel" aria-labelledby="confirm-end-heading">
      <h2 id="confirm-end-heading">End {session.username}’s session?</h2>
      <p>They are signed out at once, on every device this session is used on, and must sign in again.</p>
      <FormError error={failure?.error} messages={failure?.other} />
      <TextField
        label="Reason"
        hint="Kept with the session record."
        error={errors.reason?.message}
        maxLength={500}
        autoComplete="off"
        {...register('reason', { validate: (v) => v.trim() !== '' || 'Say why the session is being ended.' })}
      />
      <div className="button-row">
        <button type="submit" className="warning" disabled={isSubmitting}>
          {isSubmitting ? 'Ending the session…' : 'Yes, end the session'}
        </button>
        <button type="button" className="secondary" onClick={() => onDone(false)}>
          Keep it
        </button>
      </div>
    </form>
  );
}

export default function OpsSessions() {
  usePageTitle('Live sessions');
  const [ending, setEnding] = useState<ActiveSessionView | null>(null);
  const [ended, setEnded] = useState<string | null>(null);
  const summary = useQuery({
    queryKey: ['ops', 'sessions', 'summary'],
    queryFn: ({ signal }) => api.get<ActiveSessionSummary>('/api/v1/ops/sessions/summary', signal),
    refetchInterval: 15_000,
  });
  const sessions = useQuery({
    queryKey: ['ops', 'sessions'],
    queryFn: ({ signal }) => api.get<ActiveSessionPage>('/api/v1/ops/sessions?limit=100', signal),
    refetchInterval: 15_000,
  });
  return (
    <>
      <h1>Live sessions</h1>
      {summary.data && (
        <p role="status">
          {summary.data.total} active session{summary.data.total === 1 ? '' : 's'} (seen in the last{' '}
          {summary.data.idleMinutes} minutes), counted at {time(summary.data.at)}. Refreshes every 15 seconds.
        </p>
      )}
      {ended && <p role="status">{ended}’s session was ended.</p>}
      {ending && (
        <ConfirmEnd
          session={ending}
          onDone={(done) => {
            if (done) setEnded(ending.username);
            setEnding(null);
          }}
        />
      )}
      {(summary.isPending || sessions.isPending) && <Loading />}
      <QueryStatus query={sessions} />
      {sessions.data && sessions.data.items.length > 0 && (
        <table>
          <caption className="visually-hidden">Active sessions, newest sign-in first</caption>
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">School</th>
              <th scope="col">Roles</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last seen</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.data.items.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.username}</th>
                <td>{s.schoolId ?? 'Platform'}</td>
                <td>{s.roles.join(', ')}</td>
                <td>{time(s.signedInAt)}</td>
                <td>{time(s.lastSeenAt)}</td>
                <td>
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`End ${s.username}’s session`}
                    onClick={() => {
                      setEnded(null);
                      setEnding(s);
                    }}
                  >
                    End session
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
