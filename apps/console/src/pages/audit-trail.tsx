// School staff: the school's audit trail (P24), newest first. The filters are ids and codes
// only (an actor's id, an action or its prefix, a subject's type and id, a date range), as
// the log holds nothing else, so they are kept in the page's address: a filtered trail can
// be bookmarked or sent to a colleague without putting a name in a URL. Pages come by
// cursor ("Show more"); the export takes the same filters and downloads the API's CSV.
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { AUDIT_EXPORT_MAX_ROWS, type AuditEntryPage, type AuditEntryView } from '@pt/contracts/audit/audit-log';
import { AUDIT_ACTION, AUDIT_SUBJECT_ID, AUDIT_SUBJECT_TYPE, type FieldFormat } from '@pt/contracts/field-formats';
import { api, query } from '../api/client';
import { downloadFile } from '../api/download';
import { fieldMessage } from '../api/problem';
import { FormError, TextField } from '../components/form-fields';
import { momentInWords } from '../components/date-words';
import { usePageTitle } from '../components/page-title';
import { apiFilter, FILTER_KEYS, filtersFrom, paramsOf, type AuditFilters } from './audit-filters';
import { ListStatus } from '../components/list-status';
import { ClearFiltersButton } from '../components/clear-filters-button';

type Filters = AuditFilters;

const LABELS: Record<keyof Filters, string> = {
  actorId: 'Who (user id)',
  action: 'Action',
  subjectType: 'Subject type',
  subjectId: 'Subject id',
  fromDate: 'From date',
  toDate: 'To date',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE_SIZE = 50;

function formatRule(format: FieldFormat, label: string) {
  return (value: string) =>
    value.trim() === '' || format.pattern.test(value.trim()) || fieldMessage(label, format.message);
}

/** The detail's ids, codes and numbers as "key: value" pairs, one line. */
function detailInWords(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join('; ');
}

function EntryRow({ entry, filters }: { entry: AuditEntryView; filters: Filters }) {
  return (
    <tr>
      <td>{momentInWords(entry.occurredAt, { seconds: true })}</td>
      <th scope="row">
        <code>{entry.action}</code>
      </th>
      <td>
        {entry.actorKind}
        {entry.actorId && (
          <>
            {' '}
            <code>{entry.actorId}</code>
            <br />
            <Link to={`?${paramsOf({ ...filters, actorId: entry.actorId }).toString()}`}>
              Only what they did<span className="visually-hidden"> ({entry.actorId})</span>
            </Link>
          </>
        )}
        {entry.supportGrantId && (
          <>
            <br />
            under support grant <code>{entry.supportGrantId}</code>
          </>
        )}
      </td>
      <td>
        {entry.subjectType ? (
          <>
            {entry.subjectType} <code>{entry.subjectId}</code>
          </>
        ) : (
          '—'
        )}
      </td>
      <td className="audit-detail">{detailInWords(entry.detail) || '—'}</td>
    </tr>
  );
}

export default function AuditTrail() {
  usePageTitle('Audit trail');
  const [params, setParams] = useSearchParams();
  const applied = filtersFrom(params);
  const filtered = FILTER_KEYS.some((key) => applied[key] !== '');
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const [exportTruncated, setExportTruncated] = useState(false);
  const {
    register,
    handleSubmit,
    reset,
    getValues,
    formState: { errors },
  } = useForm<Filters>({ values: applied });

  const entries = useInfiniteQuery({
    queryKey: ['audit-entries', applied],
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: AuditEntryPage) => page.nextCursor ?? undefined,
    queryFn: ({ pageParam, signal }) =>
      api.get<AuditEntryPage>(
        `/api/v1/audit-entries${query({ ...apiFilter(applied), limit: PAGE_SIZE, cursor: pageParam })}`,
        signal,
      ),
    retry: false,
  });
  const rows = entries.data?.pages.flatMap((page) => page.items) ?? [];

  const apply = handleSubmit((form) => {
    setParams(paramsOf(form));
  });

  const exportCsv = async () => {
    setExportError(null);
    setExportTruncated(false);
    setExporting(true);
    try {
      const headers = await downloadFile(
        `/api/v1/audit-entries/export${query(apiFilter(applied))}`,
        'audit-entries.csv',
        'text/csv',
      );
      setExportTruncated(headers.get('x-export-truncated') === 'true');
    } catch (error) {
      setExportError(error);
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <h1>Audit trail</h1>
      <p>
        Everything done in this school, by whom and to what, newest first. The trail holds ids and codes only; names
        stay with the records they belong to.
      </p>
      <form className="filters" onSubmit={apply} noValidate role="search" aria-label="Filter the audit trail">
        <TextField
          label={LABELS.actorId}
          autoComplete="off"
          error={errors.actorId?.message}
          {...register('actorId', {
            validate: (v) =>
              v.trim() === '' || UUID.test(v.trim()) || fieldMessage(LABELS.actorId, 'must be a user id'),
          })}
        />
        <TextField
          label={LABELS.action}
          hint="An action, or the start of one: identity.user takes every identity.user action."
          autoComplete="off"
          error={errors.action?.message}
          {...register('action', { validate: formatRule(AUDIT_ACTION, LABELS.action) })}
        />
        <TextField
          label={LABELS.subjectType}
          hint="For example pupil, user or rights-request."
          autoComplete="off"
          error={errors.subjectType?.message}
          {...register('subjectType', { validate: formatRule(AUDIT_SUBJECT_TYPE, LABELS.subjectType) })}
        />
        <TextField
          label={LABELS.subjectId}
          autoComplete="off"
          error={errors.subjectId?.message}
          {...register('subjectId', { validate: formatRule(AUDIT_SUBJECT_ID, LABELS.subjectId) })}
        />
        <TextField label={LABELS.fromDate} type="date" error={errors.fromDate?.message} {...register('fromDate')} />
        <TextField
          label={LABELS.toDate}
          type="date"
          error={errors.toDate?.message}
          {...register('toDate', {
            validate: (v) =>
              !v ||
              !getValues('fromDate') ||
              v >= getValues('fromDate') ||
              'The to date must not be before the from date.',
          })}
        />
        <div className="actions button-row">
          <button type="submit">Apply filters</button>
          <ClearFiltersButton
            filtered={filtered}
            onClear={() => {
              reset(filtersFrom(new URLSearchParams()));
              setParams(new URLSearchParams());
            }}
          />
          <button type="button" className="secondary" onClick={() => void exportCsv()} disabled={exporting}>
            {exporting ? 'Exporting…' : 'Export as CSV'}
          </button>
        </div>
      </form>
      {exportError ? <FormError error={exportError} /> : null}
      <p role="status">
        {exportTruncated &&
          `The file holds the first ${AUDIT_EXPORT_MAX_ROWS.toLocaleString('en-GB')} matching entries. Narrow the dates or filters to export the rest.`}
      </p>

      <ListStatus
        query={entries}
        shown={rows.length}
        noun={{ one: 'entry', many: 'entries' }}
        filtered={filtered}
        loading="Loading the audit trail"
      />
      {rows.length > 0 && (
        <table className="audit-table">
          <caption className="visually-hidden">Audit entries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Action</th>
              <th scope="col">Who</th>
              <th scope="col">Subject</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((entry) => (
              <EntryRow key={entry.id} entry={entry} filters={applied} />
            ))}
          </tbody>
        </table>
      )}
      {entries.hasNextPage && (
        <button type="button" onClick={() => void entries.fetchNextPage()} disabled={entries.isFetchingNextPage}>
          {entries.isFetchingNextPage ? 'Loading more entries…' : 'Show more entries'}
        </button>
      )}
    </>
  );
}
