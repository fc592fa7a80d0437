// School staff's pupil list: search and filters in the page's state, never in its address
// (a name typed into the search box is personal data, and addresses end up in history,
// logs and referrers). Pages come by cursor ("Show more").
import { useState, type FormEvent } from 'react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { PUPIL_FLAGS, SEN_STATUSES, YEAR_GROUPS, type PupilFlag, type PupilPage } from '@pt/contracts/pupils/pupil';
import type { ClassGroupView } from '@pt/contracts/pupils/class-groups';
import { api, query } from '../api/client';
import { usePageTitle } from '../components/page-title';
import { FLAG_LABELS, SEN_LABELS, pupilName, yearLabel } from './pupil-words';
import { ListStatus } from '../components/list-status';
import { ClearFiltersButton } from '../components/clear-filters-button';

interface Filters {
  q: string;
  yearGroup: string;
  classGroupId: string;
  senStatus: string;
  restricted: string;
  flags: PupilFlag[];
}

const NO_FILTERS: Filters = { q: '', yearGroup: '', classGroupId: '', senStatus: '', restricted: '', flags: [] };
const PAGE_SIZE = 50;

export default function Pupils() {
  usePageTitle('Pupils');
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  const classGroups = useQuery({
    queryKey: ['class-groups'],
    queryFn: ({ signal }) => api.get<{ items: ClassGroupView[] }>('/api/v1/class-groups', signal),
    staleTime: 300_000,
  });
  const pupils = useInfiniteQuery({
    queryKey: ['pupils', applied],
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: PupilPage) => page.nextCursor ?? undefined,
    queryFn: ({ pageParam, signal }) =>
      api.get<PupilPage>(
        `/api/v1/pupils${query({
          limit: PAGE_SIZE,
          cursor: pageParam,
          q: applied.q.trim() || undefined,
          yearGroup: applied.yearGroup,
          classGroupId: applied.classGroupId,
          senStatus: applied.senStatus,
          restricted: applied.restricted,
          ...Object.fromEntries(applied.flags.map((flag) => [flag, true])),
        })}`,
        signal,
      ),
  });
  const rows = pupils.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = JSON.stringify(applied) !== JSON.stringify(NO_FILTERS);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setApplied(draft);
  };
  const set = <K extends keyof Filters>(key: K, value: Filters[K]) => setDraft((d) => ({ ...d, [key]: value }));

  return (
    <>
      <h1>Pupils</h1>
      <form className="filters" onSubmit={apply} role="search" aria-label="Find pupils">
        <div className="field">
          <label htmlFor="pupil-search">Name or UPN</label>
          <input
            id="pupil-search"
            type="search"
            value={draft.q}
            onChange={(e) => set('q', e.target.value)}
            autoComplete="off"
          />
        </div>
        <div className="field">
          <label htmlFor="filter-year">Year group</label>
          <select id="filter-year" value={draft.yearGroup} onChange={(e) => set('yearGroup', e.target.value)}>
            <option value="">Any</option>
            {YEAR_GROUPS.map((year) => (
              <option key={year} value={year}>
                {yearLabel(year)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-class">Class group</label>
          <select id="filter-class" value={draft.classGroupId} onChange={(e) => set('classGroupId', e.target.value)}>
            <option value="">Any</option>
            {classGroups.data?.items.map((group) => (
              <option key={group.id} value={group.id}>
                {group.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-sen">SEN status</label>
          <select id="filter-sen" value={draft.senStatus} onChange={(e) => set('senStatus', e.target.value)}>
            <option value="">Any</option>
            {SEN_STATUSES.map((status) => (
              <option key={status} value={status}>
                {SEN_LABELS[status]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-restricted">Restriction</label>
          <select id="filter-restricted" value={draft.restricted} onChange={(e) => set('restricted', e.target.value)}>
            <option value="">Any</option>
            <option value="true">Restricted only</option>
            <option value="false">Not restricted</option>
          </select>
        </div>
        <fieldset>
          <legend>Characteristics</legend>
          {PUPIL_FLAGS.map((flag) => (
            <div className="checkbox" key={flag}>
              <input
                type="checkbox"
                id={`flag-${flag}`}
                checked={draft.flags.includes(flag)}
                onChange={(e) =>
                  set('flags', e.target.checked ? [...draft.flags, flag] : draft.flags.filter((f) => f !== flag))
                }
              />
              <label htmlFor={`flag-${flag}`}>{FLAG_LABELS[flag]}</label>
            </div>
          ))}
        </fieldset>
        <div className="actions">
          <button type="submit">Search</button>
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
        query={pupils}
        shown={rows.length}
        noun={{ one: 'pupil', many: 'pupils' }}
        filtered={filtered}
        loading="Loading pupils"
      />
      {rows.length > 0 && (
        <table className="pupil-table">
          <caption className="visually-hidden">Pupils in name order</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">UPN</th>
              <th scope="col">Year</th>
              <th scope="col">Date of birth</th>
              <th scope="col">Characteristics</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((pupil) => (
              <tr key={pupil.id}>
                <th scope="row">
                  <Link to={`/pupils/${pupil.id}`}>{pupilName(pupil)}</Link>
                  {pupil.restricted && <span className="tag">Restricted</span>}
                </th>
                <td>
                  <code>{pupil.upn}</code>
                </td>
                <td>{yearLabel(pupil.yearGroup)}</td>
                <td>{new Date(pupil.dateOfBirth).toLocaleDateString('en-GB')}</td>
                <td>
                  {PUPIL_FLAGS.filter((flag) => pupil[flag])
                    .map((flag) => FLAG_LABELS[flag])
                    .join(', ') || '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pupils.hasNextPage && (
        <button type="button" onClick={() => void pupils.fetchNextPage()} disabled={pupils.isFetchingNextPage}>
          {pupils.isFetchingNextPage ? 'Loading more pupils…' : 'Show more pupils'}
        </button>
      )}
    </>
  );
}
