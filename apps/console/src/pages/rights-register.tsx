// School staff: the register of data-subject rights requests (P21, P22). Each request with
// its statutory clock (the due date, days left or overdue, in words and colour), filtered
// by status or overdue; recording a new one names whose data it is by kind and id, never by
// name, and its errors are shown in words next to their fields.
import { useState } from 'react';
import { useForm, type Path } from 'react-hook-form';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import {
  RIGHTS_REQUEST_KINDS,
  RIGHTS_REQUESTER_TYPES,
  RIGHTS_SUBJECT_TYPES,
  type RecordRightsRequest,
  type RightsRequesterType,
  type RightsRequestKind,
  type RightsRequestPage,
  type RightsRequestView,
  type RightsSubjectType,
} from '@pt/contracts/audit/rights';
import { api, query } from '../api/client';
import { FormError, SelectField, TextField } from '../components/form-fields';
import { applyProblem, summaryError } from '../components/form-problems';
import { usePageTitle } from '../components/page-title';
import { dateInWords, rightsClock, utcDate } from './rights-clock';
import { CLOCK_CLASS, KIND_LABELS, REQUESTER_LABELS, RIGHTS_KEYS, SUBJECT_LABELS } from './rights-words';
import { ListStatus } from '../components/list-status';

const PATH = '/api/v1/rights-requests';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Show = 'all' | 'open' | 'overdue' | 'completed';
const SHOW_OPTIONS: { value: Show; label: string }[] = [
  { value: 'all', label: 'All requests' },
  { value: 'open', label: 'Open' },
  { value: 'overdue', label: 'Overdue' },
  { value: 'completed', label: 'Completed' },
];

/** The API's shape, so a problem+json's field errors (`subject.id`) land beside their fields. */
interface RecordForm {
  kind: string;
  subject: { type: string; id: string };
  requestedBy: { type: string; id: string };
  receivedOn: string;
  notes: string;
}

const LABELS = {
  kind: 'Kind of request',
  'subject.type': 'Whose data: kind of person',
  'subject.id': 'Whose data: their id',
  'requestedBy.type': 'Who asked',
  'requestedBy.id': 'Who asked: their id',
  receivedOn: 'Received on',
  notes: 'Notes',
} satisfies Partial<Record<Path<RecordForm>, string>>;

function RecordRequest() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [failure, setFailure] = useState<{ error: unknown; other: string[] } | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<RecordForm>({
    defaultValues: {
      kind: '',
      subject: { type: '', id: '' },
      requestedBy: { type: '', id: '' },
      receivedOn: utcDate(Date.now()),
      notes: '',
    },
  });
  const submit = handleSubmit(async (form) => {
    setFailure(null);
    const body: RecordRightsRequest = {
      kind: form.kind as RightsRequestKind,
      subject: { type: form.subject.type as RightsSubjectType, id: form.subject.id.trim() },
      requestedBy: {
        type: form.requestedBy.type as RightsRequesterType,
        ...(form.requestedBy.id.trim() ? { id: form.requestedBy.id.trim() } : {}),
      },
      receivedOn: form.receivedOn,
      ...(form.notes.trim() ? { notes: form.notes.trim() } : {}),
    };
    try {
      const recorded = await api.post<RightsRequestView>(PATH, body);
      await queryClient.invalidateQueries({ queryKey: RIGHTS_KEYS });
      void navigate(`/rights/${recorded.id}`);
    } catch (error) {
      const other = applyProblem(error, setError, LABELS);
      setFailure({ error: summaryError(error, other), other });
    }
  });
  const chosen = (what: string) => (v: string) => v !== '' || `Choose ${what}.`;
  const id = (v: string) => UUID.test(v.trim()) || 'Enter the id as shown on their page (a 36-character id).';
  return (
    <form onSubmit={submit} noValidate aria-labelledby="record-request-heading">
      <h2 id="record-request-heading">Record a request</h2>
      <p>It is due one calendar month after the day it was received.</p>
      <FormError error={failure?.error} messages={failure?.other} />
      <SelectField
        label={LABELS.kind}
        error={errors.kind?.message}
        options={[
          { value: '', label: 'Choose…' },
          ...RIGHTS_REQUEST_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] })),
        ]}
        {...register('kind', { validate: chosen('the kind of request') })}
      />
      <SelectField
        label={LABELS['subject.type']}
        error={errors.subject?.type?.message}
        options={[
          { value: '', label: 'Choose…' },
          ...RIGHTS_SUBJECT_TYPES.map((t) => ({ value: t, label: SUBJECT_LABELS[t] })),
        ]}
        {...register('subject.type', { validate: chosen('whose data it is') })}
      />
      <TextField
        label={LABELS['subject.id']}
        hint="Their id from their page in the console, never their name."
        autoComplete="off"
        error={errors.subject?.id?.message}
        {...register('subject.id', { validate: id })}
      />
      <SelectField
        label={LABELS['requestedBy.type']}
        error={errors.requestedBy?.type?.message}
        options={[
          { value: '', label: 'Choose…' },
          ...RIGHTS_REQUESTER_TYPES.map((t) => ({ value: t, label: REQUESTER_LABELS[t] })),
        ]}
        {...register('requestedBy.type', { validate: chosen('who asked') })}
      />
      <TextField
        label={LABELS['requestedBy.id']}
        hint="Optional: their id, when they have one in the console."
        autoComplete="off"
        error={errors.requestedBy?.id?.message}
        {...register('requestedBy.id', { validate: (v) => v.trim() === '' || id(v) })}
      />
      <TextField
        label={LABELS.receivedOn}
        type="date"
        error={errors.receivedOn?.message}
        {...register('receivedOn', {
          validate: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) || 'Enter the day it was received.',
        })}
      />
      <TextField
        label={LABELS.notes}
        hint="Optional. What was asked for, in brief; no copies of documents."
        autoComplete="off"
        maxLength={4000}
        error={errors.notes?.message}
        {...register('notes')}
      />
      <button type="submit" disabled={isSubmitting}>
        {isSubmitting ? 'Recording…' : 'Record request'}
      </button>
    </form>
  );
}

export default function RightsRegister() {
  usePageTitle('Rights register');
  const [show, setShow] = useState<Show>('all');
  const today = utcDate(Date.now());
  const requests = useInfiniteQuery({
    queryKey: [...RIGHTS_KEYS, show],
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: RightsRequestPage) => page.nextCursor ?? undefined,
    queryFn: ({ pageParam, signal }) =>
      api.get<RightsRequestPage>(
        `${PATH}${query({
          limit: 50,
          cursor: pageParam,
          status: show === 'open' || show === 'completed' ? show : undefined,
          overdue: show === 'overdue' ? true : undefined,
        })}`,
        signal,
      ),
  });
  const rows = requests.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <h1>Rights register</h1>
      <p>
        Data-subject rights requests, newest first, each with its statutory clock: one calendar month from receipt,
        extendable once by up to two months within the first month.
      </p>
      <div className="filters">
        <SelectField
          label="Show"
          value={show}
          onChange={(e) => setShow(e.target.value as Show)}
          options={SHOW_OPTIONS}
        />
      </div>
      <ListStatus
        query={requests}
        shown={rows.length}
        noun={{ one: 'request', many: 'requests' }}
        loading="Loading the register"
        empty="No requests to show."
      />
      {rows.length > 0 && (
        <table>
          <caption className="visually-hidden">Rights requests, newest first, with their clocks</caption>
          <thead>
            <tr>
              <th scope="col">Request</th>
              <th scope="col">Whose data</th>
              <th scope="col">Received</th>
              <th scope="col">Due</th>
              <th scope="col">Clock</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((request) => {
              const clock = rightsClock(request, today);
              return (
                <tr key={request.id}>
                  <th scope="row">
                    <Link to={`/rights/${request.id}`}>
                      {KIND_LABELS[request.kind]}
                      <span className="visually-hidden">, received {dateInWords(request.receivedOn)}</span>
                    </Link>
                  </th>
                  <td>
                    {SUBJECT_LABELS[request.subject.type]} <code>{request.subject.id}</code>
                  </td>
                  <td>{dateInWords(request.receivedOn)}</td>
                  <td>
                    {dateInWords(clock.dueOn)}
                    {request.extendedTo && ' (extended)'}
                  </td>
                  <td>
                    <span className={CLOCK_CLASS[clock.tone]}>{clock.words}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {requests.hasNextPage && (
        <button type="button" onClick={() => void requests.fetchNextPage()} disabled={requests.isFetchingNextPage}>
          {requests.isFetchingNextPage ? 'Loading more requests…' : 'Show more requests'}
        </button>
      )}
      <RecordRequest />
    </>
  );
}
