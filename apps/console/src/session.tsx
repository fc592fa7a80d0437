// Who is signed in (GET /api/v1/me, null when nobody is), what they may do, and why a session
// ended when it did. Permissions are /me's own: the set the session's access token carries
// (built-in and the school's custom roles, or a support grant's), which the API applies, so
// the navigation shows what the API allows; the API stays the judge of every request.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me } from '@pt/contracts/identity/me';
import type { Permission } from '@pt/contracts/identity/permissions';
import { api, CSRF_COOKIE, onSessionEnded, readCookie } from './api/client';
import { ApiError, sessionEndedReason } from './api/problem';

export interface Session {
  me: Me | null | undefined;
  loading: boolean;
  permissions: ReadonlySet<Permission>;
  /** Why the last session ended, in words, until the next sign-in. */
  endedReason: string | null;
  setEndedReason(reason: string | null): void;
}

const SessionContext = createContext<Session | null>(null);

export const ME_KEY = ['me'] as const;

async function fetchMe(signal: AbortSignal): Promise<Me | null> {
  // Every cookie session has the readable CSRF cookie: without it nobody is signed in, and
  // asking /me would only earn a 401 (one more request, and an error in the browser's console).
  if (readCookie(CSRF_COOKIE) === null) return null;
  try {
    return await api.get<Me>('/api/v1/me', signal);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [endedReason, setEndedReason] = useState<string | null>(null);
  const me = useQuery({ queryKey: ME_KEY, queryFn: ({ signal }) => fetchMe(signal), retry: false, staleTime: 300_000 });

  useEffect(
    () =>
      onSessionEnded((code) => {
        // A visitor who was never signed in has no session to lose: nothing to explain.
        if (!queryClient.getQueryData(ME_KEY)) return;
        setEndedReason(sessionEndedReason(code) ?? 'Your session has ended. Sign in again to carry on.');
        // Nobody first (which turns the signed-in queries off), then forget what they held.
        queryClient.setQueryData(ME_KEY, null);
        queryClient.removeQueries({
          predicate: (query) => query.queryKey[0] !== ME_KEY[0] || query.queryKey.length > 1,
        });
      }),
    [queryClient],
  );

  const value = useMemo<Session>(
    () => ({
      me: me.data,
      loading: me.isPending,
      permissions: new Set((me.data?.permissions ?? []) as Permission[]),
      endedReason,
      setEndedReason,
    }),
    [me.data, me.isPending, endedReason],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
