// The frame of every page: skip link, header with the navigation the signed-in person's
// permissions allow, maintenance warnings, the page, and a footer linking the cookie page
// and the policy documents. Moving between pages puts focus on the new page's heading, so
// keyboard and screen-reader users start at the top of what changed.
import { Suspense, useEffect, useRef, type ReactNode } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { currentNavItem } from './current-nav-item';
import { maintenanceWords } from './maintenance-words';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Permission } from '@pt/contracts/identity/permissions';
import type { MeNoticePage, MaintenanceNotice } from '@pt/contracts/identity/maintenance';
import { api } from '../api/client';
import { ME_KEY, useSession } from '../session';

interface NavItem {
  to: string;
  label: string;
  /** Any one of these lets the item show. */
  needs: Permission[];
}

export const NAV_ITEMS: NavItem[] = [
  { to: '/pupils', label: 'Pupils', needs: ['pupils:read'] },
  { to: '/pupils/import', label: 'Import pupils', needs: ['pupils:import'] },
  { to: '/assessment', label: 'Assessment', needs: ['assessments:read'] },
  { to: '/assessment/analysis', label: 'Analysis', needs: ['assessments:read'] },
  { to: '/assessment/reports', label: 'Parent reports', needs: ['reports:read'] },
  { to: '/audit', label: 'Audit trail', needs: ['audit:read'] },
  { to: '/rights', label: 'Rights register', needs: ['rights:manage'] },
  { to: '/users', label: 'Users and roles', needs: ['users:manage'] },
  { to: '/support-access', label: 'Support access', needs: ['support:grant'] },
  { to: '/ops/sessions', label: 'Live sessions', needs: ['ops:sessions'] },
  { to: '/ops/maintenance', label: 'Maintenance', needs: ['ops:maintenance'] },
  { to: '/ops/breaches', label: 'Breaches', needs: ['ops:breaches'] },
  { to: '/finance/subscriptions', label: 'Finance', needs: ['finance:read', 'billing:subscriptions'] },
];

function Navigation() {
  const { me, permissions } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = useMutation({
    mutationFn: () => api.post('/api/v1/auth/sign-out'),
    onSettled: () => {
      // Nobody first (which turns the signed-in queries off), then forget what they held.
      queryClient.setQueryData(ME_KEY, null);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== ME_KEY[0] || query.queryKey.length > 1 });
      void navigate('/sign-in');
    },
  });
  if (!me) return null;
  const { pathname } = useLocation();
  const items = NAV_ITEMS.filter((item) => item.needs.some((p) => permissions.has(p)));
  // One item is the current page: the most specific one whose path holds the address, so a
  // pupil's page is under "Pupils" while the import page is "Import pupils" alone.
  const current = currentNavItem(items, pathname);
  return (
    <nav aria-label="Main">
      <ul className="nav-list">
        <li>
          <NavLink to="/" end>
            Home
          </NavLink>
        </li>
        {items.map((item) => (
          <li key={item.to}>
            <Link
              to={item.to}
              className={item === current ? 'active' : undefined}
              aria-current={item === current ? 'page' : undefined}
            >
              {item.label}
            </Link>
          </li>
        ))}
        <li className="nav-account">
          <span className="signed-in-as">Signed in as {me.username}</span>
          <button type="button" className="link-button" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
            Sign out
          </button>
        </li>
      </ul>
    </nav>
  );
}

function when(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** Maintenance in the user's scope, announced before it starts (GET /api/v1/me/notices). */
function MaintenanceWarnings() {
  const { me } = useSession();
  const notices = useQuery({
    queryKey: ['me', 'notices'],
    queryFn: ({ signal }) => api.get<MeNoticePage>('/api/v1/me/notices', signal),
    enabled: !!me && me.pendingPolicyDocuments.length === 0,
    refetchInterval: 120_000,
    retry: false,
  });
  const windows = (notices.data?.items ?? []).filter((n): n is MaintenanceNotice => n.kind === 'maintenance');
  if (windows.length === 0) return null;
  return (
    <section className="notice" aria-label="Planned maintenance">
      {windows.map((w) => {
        const { heading, reason } = maintenanceWords(w);
        return (
          <div key={w.windowId}>
            <h2>{heading}</h2>
            <p>
              From {when(w.startsAt)} to {when(w.endsAt)}.{' '}
              {w.mode === 'read-only'
                ? 'You can still look things up, but nothing can be changed during it.'
                : 'You will be signed out and the console will be closed during it.'}
            </p>
            {reason && <p>Reason: {reason}</p>}
          </div>
        );
      })}
    </section>
  );
}

function useFocusOnNavigation(main: React.RefObject<HTMLElement | null>) {
  const location = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // The new page's h1 once its lazy chunk has rendered it (checked every 50 ms for up to
    // 2 s), else the main region, so focus never stays on the link that was followed.
    let tries = 0;
    const timer = setInterval(() => {
      const heading = main.current?.querySelector<HTMLElement>('h1');
      if (!heading && ++tries < 40) return;
      clearInterval(timer);
      const target = heading ?? main.current;
      if (!target) return;
      if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
      target.focus();
    }, 50);
    return () => clearInterval(timer);
  }, [location.pathname, main]);
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="loading" role="status">
      {what}…
    </p>
  );
}

export function Layout({ children }: { children?: ReactNode }) {
  const main = useRef<HTMLElement>(null);
  useFocusOnNavigation(main);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="site-header">
        <Link to="/" className="site-name">
          Pupil tracking
        </Link>
        <Navigation />
      </header>
      <MaintenanceWarnings />
      <main id="main" ref={main} tabIndex={-1}>
        <Suspense fallback={<Loading />}>{children ?? <Outlet />}</Suspense>
      </main>
      <footer className="site-footer">
        <ul>
          <li>
            <Link to="/cookies">Cookies</Link>
          </li>
          <li>
            <Link to="/policies">Policies and terms</Link>
          </li>
        </ul>
        <p>This console sets only the cookies it needs and loads nothing from other sites.</p>
      </footer>
    </>
  );
}
