// The school's users and roles (users:manage): the staff list filtered by role and status,
// inviting a member of staff, one account's roles and whether it may sign in, the roles and
// what each allows in words, and the termly access review (P8). Filters live in the page's
// state; addresses hold only account ids.
import { useState, type FormEvent } from 'react';
import { useForm, type UseFormRegisterReturn } from 'react-hook-form';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, NavLink, Route, Routes, useLocation, useNavigate, useParams } from 'react-router';
import { BUILT_IN_SCHOOL_ROLES, type SchoolPermission } from '@pt/contracts/identity/permissions';
import type { RoleList, RoleView } from '@pt/contracts/identity/roles';
import {
  USER_STATUSES,
  type AccessReviewFlag,
  type AccessReviewList,
  type AccessReviewReport,
  type UserPage,
  type UserView,
} from '@pt/contracts/identity/users';
import { api, ApiError, query, request } from '../api/client';
import { describeProblem } from '../api/problem';
import { CheckboxGroupField, FormError, TextField } from '../components/form-fields';
import { applyProblem, summaryError } from '../components/form-problems';
import { momentInWords } from '../components/date-words';
import { Loading } from '../components/layout';
import { usePageTitle } from '../components/page-title';
import { Permitted } from '../components/permitted';
import { useSession } from '../session';
import { orderedRoles, permissionsInWords, personName, roleName, STATUS_WORDS } from './user-words';
import { ListStatus, QueryStatus } from '../components/list-status';
import { ClearFiltersButton } from '../components/clear-filters-button';

const USERS = '/api/v1/users';
const KEYS = ['users'] as const;
const PAGE_SIZE = 50;

/** The built-in roles, as the API lists them, for admins who may not list the school's roles. */
const BUILT_IN_ROLES: RoleView[] = Object.entries(BUILT_IN_SCHOOL_ROLES).map(([name, permissions]) => ({
  id: null,
  name,
  builtIn: true,
  permissions: [...permissions] as SchoolPermission[],
  version: null,
}));

/** The roles a user can be given: the school's own too when the admin may list them (roles:manage). */
function useRoleCatalogue(): { roles: RoleView[]; error: unknown } {
  const { permissions } = useSession();
  const listed = useQuery({
    queryKey: ['roles'],
    queryFn: ({ signal }) => api.get<RoleList>('/api/v1/roles', signal),
    enabled: permissions.has('roles:manage'),
    staleTime: 60_000,
  });
  return { roles: listed.data?.items ?? BUILT_IN_ROLES, error: listed.error };
}

const SECTIONS = [
  { to: '/users', label: 'Users', end: true },
  { to: '/users/invite', label: 'Invite a user', end: false },
  { to: '/users/roles', label: 'Roles', end: false },
  { to: '/users/access-review', label: 'Access review', end: false },
];

function lastSignIn(iso: string | null): string {
  return iso ? momentInWords(iso) : 'Never';
}

interface Filters {
  role: string;
  status: string;
}
const NO_FILTERS: Filters = { role: '', status: '' };

function UserList() {
  usePageTitle('Users and roles');
  const { roles } = useRoleCatalogue();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  const users = useInfiniteQuery({
    queryKey: [...KEYS, 'list', applied],
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: UserPage) => page.nextCursor ?? undefined,
    queryFn: ({ pageParam, signal }) =>
      api.get<UserPage>(
        `${USERS}${query({ limit: PAGE_SIZE, cursor: pageParam, role: applied.role, status: applied.status })}`,
        signal,
      ),
  });
  const rows = users.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = applied.role !== '' || applied.status !== '';
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setApplied(draft);
  };
  return (
    <>
      <h1>Users and roles</h1>
      <p>
        <Link to="/users/invite">Invite a user</Link>
      </p>
      <form className="filters" onSubmit={apply} aria-label="Filter users">
        <div className="field">
          <label htmlFor="filter-role">Role</label>
          <select id="filter-role" value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value })}>
            <option value="">Any</option>
            {roles.map((role) => (
              <option key={role.name} value={role.name}>
                {roleName(role.name)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-status">Status</label>
          <select
            id="filter-status"
            value={draft.status}
            onChange={(e) => setDraft({ ...draft, status: e.target.value })}
          >
            <option value="">Any</option>
            {USER_STATUSES.map((status) => (
              <option key={status} value={status}>
                {STATUS_WORDS[status]}
              </option>
            ))}
          </select>
        </div>
        <div className="actions">
          <button type="submit">Show users</button>
          <ClearFiltersButton
            filtered={filtered}
            onClear={() => {
              setDraft(NO_FILTERS);
              setApplied(NO_FILTERS);
            }}
          />
        </div>
      </form>
      <ListStatus
        query={users}
        shown={rows.length}
        noun={{ one: 'user', many: 'users' }}
        filtered={filtered}
        loading="Loading users"
      />
      {rows.length > 0 && (
        <table>
          <caption className="visually-hidden">The school’s staff accounts, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Username</th>
              <th scope="col">Roles</th>
              <th scope="col">Status</th>
              <th scope="col">Last signed in</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((user) => (
              <tr key={user.id}>
                <th scope="row">
                  <Link to={`/users/${user.id}`}>{personName(user)}</Link>
                </th>
                <td>{user.username}</td>
                <td>{user.roles.map(roleName).join(', ')}</td>
                <td>{STATUS_WORDS[user.status]}</td>
                <td>{lastSignIn(user.lastSignInAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {users.hasNextPage && (
        <button type="button" onClick={() => void users.fetchNextPage()} disabled={users.isFetchingNextPage}>
          {users.isFetchingNextPage ? 'Loading more users…' : 'Show more users'}
        </button>
      )}
    </>
  );
}

/** Role checkboxes, each with what the role allows in words beneath it. */
function RoleChoices({
  roles,
  idPrefix,
  error,
  register,
}: {
  roles: RoleView[];
  idPrefix: string;
  error?: string;
  register: () => UseFormRegisterReturn;
}) {
  return (
    <CheckboxGroupField
      legend="Roles"
      idPrefix={`${idPrefix}-role`}
      error={error}
      choices={roles.map((role) => ({
        value: role.name,
        label: roleName(role.name),
        hint: permissionsInWords(role.permissions).join('; ') || 'Nothing yet',
      }))}
      registration={register()}
    />
  );
}

interface InviteForm {
  firstName: string;
  lastName: string;
  username: string;
  email: string;
  jobTitle: string;
  teacherReferenceNumber: string;
  roles: string[];
}

const INVITE_LABELS: Record<keyof InviteForm, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  username: 'Username',
  email: 'Email',
  jobTitle: 'Job title',
  teacherReferenceNumber: 'Teacher reference number',
  roles: 'Roles',
};

/**
 * A refusal of roles in words: giving a role that allows more than the admin may do names
 * what it would add (P19); anything else as describeProblem says it.
 */
function describeRoleProblem(error: unknown): string {
  if (error instanceof ApiError && error.code === 'role.escalation') {
    const missing = Array.isArray(error.body.missing) ? (error.body.missing as string[]) : [];
    return `You cannot give a role that allows more than you may do yourself${
      missing.length ? `: ${permissionsInWords(missing).join('; ')}` : ''
    }.`;
  }
  return describeProblem(error);
}

/** The form's summary: a role refusal in its own words, else the usual summary. */
function RoleFormError({ error, messages }: { error: unknown; messages?: string[] }) {
  if (error instanceof ApiError && error.code === 'role.escalation')
    return (
      <div className="error-summary" role="alert" tabIndex={-1}>
        <p>{describeRoleProblem(error)}</p>
      </div>
    );
  return <FormError error={error} messages={messages} />;
}

function InviteUser() {
  usePageTitle('Invite a user');
  const { roles } = useRoleCatalogue();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<{ error: unknown; other: string[] } | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<InviteForm>({
    defaultValues: {
      firstName: '',
      lastName: '',
      username: '',
      email: '',
      jobTitle: '',
      teacherReferenceNumber: '',
      roles: [],
    },
  });
  const submit = handleSubmit(async (form) => {
    setFailure(null);
    try {
      const user = await api.post<UserView>(USERS, {
        firstName: form.firstName.trim(),
        lastName: form.lastName.trim(),
        username: form.username.trim(),
        email: form.email.trim(),
        jobTitle: form.jobTitle.trim() || null,
        teacherReferenceNumber: form.teacherReferenceNumber.trim() || null,
        roles: orderedRoles(
          form.roles,
          roles.map((r) => r.name),
        ),
      });
      await queryClient.invalidateQueries({ queryKey: KEYS });
      void navigate(`/users/${user.id}`, { state: { invited: true } });
    } catch (error) {
      const other = applyProblem(error, setError, INVITE_LABELS);
      setFailure({ error: summaryError(error, other), other });
    }
  });
  const filled = (what: string) => (v: string) => v.trim() !== '' || `Enter ${what}.`;
  return (
    <>
      <h1>Invite a user</h1>
      <p>They get an email with a link to set their password; the link works once, for a limited time.</p>
      <form onSubmit={submit} noValidate aria-label="Invite a user">
        <RoleFormError error={failure?.error} messages={failure?.other} />
        <TextField
          label={INVITE_LABELS.firstName}
          autoComplete="off"
          maxLength={100}
          error={errors.firstName?.message}
          {...register('firstName', { validate: filled('their first name') })}
        />
        <TextField
          label={INVITE_LABELS.lastName}
          autoComplete="off"
          maxLength={100}
          error={errors.lastName?.message}
          {...register('lastName', { validate: filled('their last name') })}
        />
        <TextField
          label={INVITE_LABELS.username}
          hint="What they sign in with: 3 to 64 letters, digits, dots, hyphens or underscores."
          autoComplete="off"
          spellCheck={false}
          error={errors.username?.message}
          {...register('username', { validate: filled('a username') })}
        />
        <TextField
          label={INVITE_LABELS.email}
          type="email"
          hint="The invitation is sent here."
          autoComplete="off"
          spellCheck={false}
          error={errors.email?.message}
          {...register('email', { validate: filled('their email address') })}
        />
        <TextField
          label={`${INVITE_LABELS.jobTitle} (optional)`}
          autoComplete="off"
          maxLength={100}
          error={errors.jobTitle?.message}
          {...register('jobTitle')}
        />
        <TextField
          label={`${INVITE_LABELS.teacherReferenceNumber} (optional)`}
          hint="The DfE teacher reference number: 7 digits."
          inputMode="numeric"
          autoComplete="off"
          error={errors.teacherReferenceNumber?.message}
          {...register('teacherReferenceNumber')}
        />
        <RoleChoices
          roles={roles}
          idPrefix="invite"
          error={errors.roles?.message}
          register={() => register('roles', { validate: (v) => v.length > 0 || 'Choose at least one role.' })}
        />
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Sending the invitation…' : 'Send invitation'}
        </button>
      </form>
    </>
  );
}

interface Versioned {
  user: UserView;
  etag: string | null;
}

function ChangeRoles({ current, onSaved }: { current: Versioned; onSaved: (next: Versioned, words: string) => void }) {
  const { roles: catalogue } = useRoleCatalogue();
  // A role the user holds that the catalogue does not list (a custom role, for an admin who
  // cannot list them) stays a choice, so saving other changes does not take it away.
  const roles = [
    ...catalogue,
    ...current.user.roles
      .filter((name) => !catalogue.some((role) => role.name === name))
      .map((name): RoleView => ({ id: null, name, builtIn: false, permissions: [], version: null })),
  ];
  const [failure, setFailure] = useState<unknown>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<{ roles: string[] }>({ values: { roles: current.user.roles } });
  const submit = handleSubmit(async (form) => {
    setFailure(null);
    try {
      const saved = await request<UserView>('PATCH', `${USERS}/${current.user.id}`, {
        body: {
          roles: orderedRoles(
            form.roles,
            roles.map((r) => r.name),
          ),
        },
        ifMatch: current.etag ?? `"${current.user.version}"`,
      });
      onSaved(
        { user: saved.data, etag: saved.etag },
        'Roles saved. They apply to the user’s sessions within a few minutes, at their next token refresh.',
      );
    } catch (error) {
      const other = applyProblem(error, setError, { roles: 'Roles' });
      setFailure(summaryError(error, other));
    }
  });
  return (
    <form onSubmit={submit} noValidate aria-labelledby="roles-heading">
      <h2 id="roles-heading">Roles</h2>
      <RoleFormError error={failure} />
      <RoleChoices
        roles={roles}
        idPrefix="change"
        error={errors.roles?.message}
        register={() => register('roles', { validate: (v) => v.length > 0 || 'Choose at least one role.' })}
      />
      <button type="submit" disabled={isSubmitting || !isDirty}>
        {isSubmitting ? 'Saving the roles…' : 'Save roles'}
      </button>
    </form>
  );
}

function Access({ current, onSaved }: { current: Versioned; onSaved: (next: Versioned, words: string) => void }) {
  const [confirming, setConfirming] = useState(false);
  const { user } = current;
  const name = personName(user);
  const act = useMutation({
    mutationFn: async (action: 'deactivate' | 'reactivate' | 'invitation') => {
      const response = await request<UserView>('POST', `${USERS}/${user.id}/${action}`, {
        body: {},
        ifMatch: action === 'invitation' ? undefined : (current.etag ?? undefined),
      });
      return { action, response };
    },
    onSuccess: ({ action, response }) => {
      setConfirming(false);
      const words = {
        deactivate: `${name} is deactivated: they cannot sign in, and their sessions have ended.`,
        reactivate:
          response.data.status === 'active'
            ? `${name} can sign in again.`
            : `${name} is invited again: send them a new invitation to set their password.`,
        invitation: `A new invitation was sent to ${user.email}; the previous link no longer works.`,
      }[action];
      onSaved({ user: response.data, etag: response.etag ?? current.etag }, words);
    },
  });
  return (
    <section aria-labelledby="access-heading">
      <h2 id="access-heading">Signing in</h2>
      <p>{STATUS_WORDS[user.status]}.</p>
      {act.isError && (
        <p role="alert" className="error-message">
          {describeProblem(act.error)}
        </p>
      )}
      <div className="button-row">
        {user.status !== 'deactivated' && !confirming && (
          <button type="button" className="secondary" onClick={() => setConfirming(true)}>
            Deactivate account
          </button>
        )}
        {user.status === 'deactivated' && (
          <button type="button" onClick={() => act.mutate('reactivate')} disabled={act.isPending}>
            Reactivate account
          </button>
        )}
        {user.status === 'invited' && (
          <button type="button" className="secondary" onClick={() => act.mutate('invitation')} disabled={act.isPending}>
            Send a new invitation
          </button>
        )}
      </div>
      {confirming && (
        <div className="confirm-panel" role="group" aria-label="Confirm deactivating">
          <p>Deactivate {name}? They cannot sign in until the account is reactivated, and their sessions end now.</p>
          <div className="button-row">
            <button type="button" className="warning" onClick={() => act.mutate('deactivate')} disabled={act.isPending}>
              Yes, deactivate {name}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              Keep the account
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

function UserAccount() {
  const { userId = '' } = useParams();
  const location = useLocation();
  const queryClient = useQueryClient();
  const key = [...KEYS, 'one', userId];
  const invited = (location.state as { invited?: boolean } | null)?.invited === true;
  const [message, setMessage] = useState<string | null>(null);
  const account = useQuery({
    queryKey: key,
    queryFn: async ({ signal }): Promise<Versioned> => {
      const response = await request<UserView>('GET', `${USERS}/${userId}`, { signal });
      return { user: response.data, etag: response.etag };
    },
  });
  usePageTitle(account.data ? personName(account.data.user) : 'A user');
  const saved = (next: Versioned, words: string) => {
    queryClient.setQueryData(key, next);
    void queryClient.invalidateQueries({ queryKey: [...KEYS, 'list'] });
    setMessage(words);
  };
  if (account.isPending) return <Loading what="Loading the user" />;
  if (account.isError)
    return (
      <>
        <h1>A user</h1>
        <p role="alert">{describeProblem(account.error)}</p>
        <p>
          <Link to="/users">Back to the users</Link>
        </p>
      </>
    );
  const { user } = account.data;
  const facts: Array<[string, string]> = [
    ['Username', user.username],
    ['Email', user.email],
    ['Job title', user.jobTitle ?? '—'],
    ['Teacher reference number', user.teacherReferenceNumber ?? '—'],
    ['Roles', user.roles.map(roleName).join(', ')],
    ['Status', STATUS_WORDS[user.status]],
    ['Last signed in', lastSignIn(user.lastSignInAt)],
    ['Account made', momentInWords(user.createdAt)],
  ];
  return (
    <>
      <h1>{personName(user)}</h1>
      <p role="status">{message ?? (invited ? `Invitation sent to ${user.email}.` : '')}</p>
      <dl className="details">
        {facts.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <ChangeRoles current={account.data} onSaved={saved} />
      <Access current={account.data} onSaved={saved} />
      <p>
        <Link to="/users">Back to the users</Link>
      </p>
    </>
  );
}

function Roles() {
  usePageTitle('Roles and what they allow');
  const { roles, error } = useRoleCatalogue();
  return (
    <>
      <h1>Roles and what they allow</h1>
      <p>A user may hold several roles; they may do everything any of their roles allows.</p>
      {error ? <p role="alert">{describeProblem(error)}</p> : null}
      {roles.map((role) => (
        <section key={role.name} aria-labelledby={`role-${role.name}`}>
          <h2 id={`role-${role.name}`}>
            {roleName(role.name)}
            <span className="tag">{role.builtIn ? 'Built in' : 'Your school’s'}</span>
          </h2>
          <ul aria-label={`What ${roleName(role.name)} allows`}>
            {permissionsInWords(role.permissions).map((words) => (
              <li key={words}>{words}</li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

const FLAG_WORDS: Record<AccessReviewFlag, string> = {
  inactive: 'Not used for a while',
  never_signed_in: 'Never signed in',
  invitation_pending: 'Invitation not taken up',
};

function AccessReview() {
  usePageTitle('Access review');
  const queryClient = useQueryClient();
  const [notes, setNotes] = useState('');
  // Every account is read, page by page: a school with more staff than one page must not have
  // its later accounts left out of the review.
  const report = useInfiniteQuery({
    queryKey: [...KEYS, 'access-review'],
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: AccessReviewReport) => page.nextCursor ?? undefined,
    queryFn: ({ pageParam, signal }) =>
      api.get<AccessReviewReport>(`${USERS}/access-review${query({ limit: 200, cursor: pageParam })}`, signal),
  });
  const firstPage = report.data?.pages[0];
  const accountsRead = report.data?.pages.reduce((sum, page) => sum + page.items.length, 0) ?? 0;
  const reviews = useQuery({
    queryKey: [...KEYS, 'access-reviews'],
    queryFn: ({ signal }) => api.get<AccessReviewList>(`${USERS}/access-reviews?limit=10`, signal),
  });
  const record = useMutation({
    mutationFn: () => api.post(`${USERS}/access-reviews`, { notes: notes.trim() || null }),
    onSuccess: async () => {
      setNotes('');
      await queryClient.invalidateQueries({ queryKey: [...KEYS, 'access-reviews'] });
    },
  });
  const flagged = report.data?.pages.flatMap((page) => page.items).filter((entry) => entry.flags.length > 0) ?? [];
  return (
    <>
      <h1>Access review</h1>
      <p>
        Once a term, check that everyone who can sign in still should, with the roles they hold, and record that it was
        done.
      </p>
      {reviews.data && (
        <p className={reviews.data.overdue ? 'error-message' : undefined}>
          {reviews.data.lastReviewedAt
            ? `Last reviewed ${momentInWords(reviews.data.lastReviewedAt)}. `
            : 'No review is recorded yet. '}
          {reviews.data.overdue
            ? `The review is overdue: it was due ${momentInWords(reviews.data.nextDueAt)}.`
            : `The next is due by ${momentInWords(reviews.data.nextDueAt)}.`}
        </p>
      )}
      {(report.isPending || reviews.isPending) && <Loading what="Loading the review" />}
      <QueryStatus query={report} />
      {firstPage && (
        <>
          <h2>Accounts to look at</h2>
          {flagged.length === 0 ? (
            <p>No account is flagged.</p>
          ) : (
            <table>
              <caption className="visually-hidden">
                Accounts flagged: not used for {firstPage.inactiveAfterDays} days, never signed in, or invited and not
                taken up
              </caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Roles</th>
                  <th scope="col">Last signed in</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {flagged.map((entry) => (
                  <tr key={entry.userId}>
                    <th scope="row">
                      <Link to={`/users/${entry.userId}`}>
                        {entry.firstName} {entry.lastName}
                      </Link>
                    </th>
                    <td>{entry.roles.map(roleName).join(', ')}</td>
                    <td>{lastSignIn(entry.lastSignInAt)}</td>
                    <td>{entry.flags.map((flag) => FLAG_WORDS[flag]).join('; ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {report.hasNextPage && (
            <>
              <p>{accountsRead.toLocaleString('en-GB')} accounts checked so far; the school has more.</p>
              <button type="button" onClick={() => void report.fetchNextPage()} disabled={report.isFetchingNextPage}>
                {report.isFetchingNextPage ? 'Checking more accounts…' : 'Check more accounts'}
              </button>
            </>
          )}
        </>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          record.mutate();
        }}
        aria-labelledby="record-review-heading"
      >
        <h2 id="record-review-heading">Record the review</h2>
        {record.isError && <FormError error={record.error} />}
        {record.isSuccess && <p role="status">The review is recorded.</p>}
        <TextField
          label="Notes (optional)"
          value={notes}
          maxLength={2000}
          autoComplete="off"
          onChange={(event) => setNotes(event.target.value)}
        />
        <button type="submit" disabled={record.isPending}>
          Record that the review is done
        </button>
      </form>
    </>
  );
}

export default function UsersArea() {
  return (
    <Permitted needs={['users:manage']} title="Users and roles" what="manage the school’s users">
      <nav aria-label="Users and roles" className="sub-nav">
        <ul>
          {SECTIONS.map((section) => (
            <li key={section.to}>
              <NavLink to={section.to} end={section.end}>
                {section.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Routes>
        <Route index element={<UserList />} />
        <Route path="invite" element={<InviteUser />} />
        <Route path="roles" element={<Roles />} />
        <Route path="access-review" element={<AccessReview />} />
        <Route path=":userId" element={<UserAccount />} />
      </Routes>
    </Permitted>
  );
}
