// Ops: who is signed in, by school, refreshing by itself every 15 seconds.
import { useQuery } from '@tanstack/react-query';
import type { ActiveSessionPage, ActiveSessionSummary } from '@pt/contracts/identity/sessions';
import { api } from '../api/client';
import { describeProblem } from '../api/problem';
import { Loading } from '../components/layout';
import { usePageTitle } from '../components/page-title';

const time = (iso: string) => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });

export default function OpsSessions() {
  usePageTitle('Live sessions');
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
      {(summary.isPending || sessions.isPending) && <Loading />}
      {sessions.isError && <p role="alert">{describeProblem(sessions.error)}</p>}
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
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
