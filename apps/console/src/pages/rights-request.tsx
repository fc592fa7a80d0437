// One rights request (P21, P22): its clock, whose data it is (by kind and id), and the steps
// the API allows it through while it is open: record how the requester's identity was
// checked (needed first for pupils and parents), extend it once within the first month,
// gather the subject's data (access, portability) or carry out the right through the owning
// service (erasure, restriction, objection; rectification and consent withdrawal are
// recorded), and complete it with an outcome. Each form shows its errors by its fields.
import { useState, type ReactNode } from 'react';
import { useForm, type FieldValues, type Path } from 'react-hook-form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import {
  IDENTITY_CHECK_METHODS,
  RIGHTS_REQUEST_OUTCOMES,
  type RightsExportLink,
  type RightsRequestDetail,
} from '@pt/contracts/audit/rights';
import { api } from '../api/client';
import { downloadFile } from '../api/download';
import { describeProblem } from '../api/problem';
import { FormError, SelectField, TextField } from '../components/form-fields';
import { applyProblem, summaryError } from '../components/form-problems';
import { Loading } from '../components/layout';
import { momentInWords } from '../components/date-words';
import { usePageTitle } from '../components/page-title';
import { canExtend, dateInWords, rightsClock, utcDate } from './rights-clock';
import {
  ACTION_KINDS,
  ACTION_OUTCOME_LABELS,
  CLOCK_CLASS,
  EXPORT_KINDS,
  IDENTITY_METHOD_LABELS,
  KIND_LABELS,
  OUTCOME_LABELS,
  REQUESTER_LABELS,
  RIGHTS_KEYS,
  SUBJECT_LABELS,
} from './rights-words';

const filled = (what: string) => (v: string) => v.trim() !== '' || `Enter ${what}.`;

/**
 * A step's form: posts to the request's sub-route, puts the answer's field errors by the
 * fields (LABELS give their words), and reloads the request and the register when it worked.
 */
function useStep<T extends FieldValues>(
  requestId: string,
  defaultValues: T,
  labels: Partial<Record<Path<T>, string>>,
  send: (form: T) => Promise<unknown>,
) {
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<{ error: unknown; other: string[] } | null>(null);
  const form = useForm<T>({ defaultValues: defaultValues as never });
  const submit = form.handleSubmit(async (values) => {
    setFailure(null);
    try {
      await send(values);
      await queryClient.invalidateQueries({ queryKey: RIGHTS_KEYS });
      await queryClient.invalidateQueries({ queryKey: ['rights-request', requestId] });
    } catch (error) {
      const other = applyProblem(error, form.setError, labels);
      setFailure({ error: summaryError(error, other), other });
    }
  });
  return { form, submit, failure };
}

function Step({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="window-entry">
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function IdentityCheckForm({ request }: { request: RightsRequestDetail }) {
  const labels = { method: 'How the identity was checked', note: 'What was checked' };
  const { form, submit, failure } = useStep(request.id, { method: '', note: '' }, labels, (values) =>
    api.post(`/api/v1/rights-requests/${request.id}/identity-check`, {
      method: values.method,
      ...(values.note.trim() ? { note: values.note.trim() } : {}),
    }),
  );
  const { errors, isSubmitting } = form.formState;
  return (
    <form onSubmit={submit} noValidate>
      <FormError error={failure?.error} messages={failure?.other} />
      <SelectField
        label={labels.method}
        error={errors.method?.message}
        options={[
          { value: '', label: 'Choose…' },
          ...IDENTITY_CHECK_METHODS.map((m) => ({ value: m, label: IDENTITY_METHOD_LABELS[m] })),
        ]}
        {...form.register('method', { validate: (v) => v !== '' || 'Choose how the identity was checked.' })}
      />
      <TextField
        label={labels.note}
        hint="Needed when checked another way. Never copies of documents."
        autoComplete="off"
        maxLength={4000}
        error={errors.note?.message}
        {...form.register('note', {
          validate: (v, all) => all.method !== 'other' || v.trim() !== '' || 'Say what was checked.',
        })}
      />
      <button type="submit" disabled={isSubmitting}>
        Record identity check
      </button>
    </form>
  );
}

function ExtendForm({ request }: { request: RightsRequestDetail }) {
  const labels = { months: 'Extend by', reason: 'Reason for the extension' };
  const { form, submit, failure } = useStep(request.id, { months: '', reason: '' }, labels, (values) =>
    api.post(`/api/v1/rights-requests/${request.id}/extension`, {
      months: Number(values.months),
      reason: values.reason.trim(),
    }),
  );
  const { errors, isSubmitting } = form.formState;
  return (
    <form onSubmit={submit} noValidate>
      <p>
        Once only, on or before the original due date ({dateInWords(request.dueOn)}), when the request is complex or one
        of several.
      </p>
      <FormError error={failure?.error} messages={failure?.other} />
      <SelectField
        label={labels.months}
        error={errors.months?.message}
        options={[
          { value: '', label: 'Choose…' },
          { value: '1', label: 'One month' },
          { value: '2', label: 'Two months' },
        ]}
        {...form.register('months', { validate: (v) => v !== '' || 'Choose one or two months.' })}
      />
      <TextField
        label={labels.reason}
        autoComplete="off"
        maxLength={4000}
        error={errors.reason?.message}
        {...form.register('reason', { validate: filled('why it needs longer') })}
      />
      <button type="submit" disabled={isSubmitting}>
        Extend the deadline
      </button>
    </form>
  );
}

function ActionForm({ request }: { request: RightsRequestDetail }) {
  const labels = { summary: 'Why, or what was done' };
  const { form, submit, failure } = useStep(request.id, { summary: '' }, labels, (values) =>
    api.post(`/api/v1/rights-requests/${request.id}/actions`, { summary: values.summary.trim() }),
  );
  const { errors, isSubmitting } = form.formState;
  return (
    <form onSubmit={submit} noValidate>
      <p>
        Erasure, restriction and objection are carried out by the service that holds the data; rectification and
        withdrawal of consent are done through the usual pages and recorded here.
      </p>
      <FormError error={failure?.error} messages={failure?.other} />
      <TextField
        label={labels.summary}
        autoComplete="off"
        maxLength={4000}
        error={errors.summary?.message}
        {...form.register('summary', { validate: filled('why, or what was done') })}
      />
      <button type="submit" disabled={isSubmitting || request.identityCheckRequired}>
        Carry out the request
      </button>
    </form>
  );
}

function ExportStep({ request }: { request: RightsRequestDetail }) {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const gather = async () => {
    setBusy(true);
    setError(null);
    try {
      const link = await api.post<RightsExportLink>(`/api/v1/rights-requests/${request.id}/export`);
      await downloadFile(link.downloadUrl, `rights-export-${request.id}.json`, 'application/json');
      await queryClient.invalidateQueries({ queryKey: ['rights-request', request.id] });
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <p>Gathers what every service holds about the subject into one file, downloaded once.</p>
      {error ? <FormError error={error} /> : null}
      <button type="button" onClick={() => void gather()} disabled={busy || request.identityCheckRequired}>
        {busy ? 'Gathering the data…' : 'Gather and download the data'}
      </button>
      {request.exports.length > 0 && (
        <ul>
          {request.exports.map((e) => (
            <li key={e.id}>
              Produced {momentInWords(e.producedAt)} ({Math.ceil(e.sizeBytes / 1024)} KB)
              {e.downloadedAt ? `, downloaded ${momentInWords(e.downloadedAt)}` : ', not downloaded'}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function CompleteForm({ request }: { request: RightsRequestDetail }) {
  const labels = { outcome: 'Outcome', summary: 'What was done' };
  const { form, submit, failure } = useStep(request.id, { outcome: '', summary: '' }, labels, (values) =>
    api.post(`/api/v1/rights-requests/${request.id}/completion`, {
      outcome: values.outcome,
      summary: values.summary.trim(),
    }),
  );
  const { errors, isSubmitting } = form.formState;
  return (
    <form onSubmit={submit} noValidate>
      <FormError error={failure?.error} messages={failure?.other} />
      <SelectField
        label={labels.outcome}
        error={errors.outcome?.message}
        options={[
          { value: '', label: 'Choose…' },
          ...RIGHTS_REQUEST_OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] })),
        ]}
        {...form.register('outcome', { validate: (v) => v !== '' || 'Choose the outcome.' })}
      />
      <TextField
        label={labels.summary}
        autoComplete="off"
        maxLength={4000}
        error={errors.summary?.message}
        {...form.register('summary', { validate: filled('what was done') })}
      />
      <button type="submit" disabled={isSubmitting}>
        Complete the request
      </button>
    </form>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export default function RightsRequestPage() {
  const { requestId = '' } = useParams();
  const request = useQuery({
    queryKey: ['rights-request', requestId],
    queryFn: ({ signal }) => api.get<RightsRequestDetail>(`/api/v1/rights-requests/${requestId}`, signal),
    retry: false,
  });
  const title = request.data ? `Rights request: ${KIND_LABELS[request.data.kind]}` : 'Rights request';
  usePageTitle(title);
  if (request.isPending) return <Loading what="Loading the request" />;
  if (request.isError)
    return (
      <>
        <h1>Rights request</h1>
        <p role="alert">{describeProblem(request.error)}</p>
        <Link to="/rights">Back to the rights register</Link>
      </>
    );
  const r = request.data;
  const today = utcDate(Date.now());
  const clock = rightsClock(r, today);
  const open = r.status === 'open';
  return (
    <>
      <p>
        <Link to="/rights">Back to the rights register</Link>
      </p>
      <h1>{title}</h1>
      <p>
        <span className={CLOCK_CLASS[clock.tone]} data-testid="rights-clock">
          {clock.words}
        </span>{' '}
        {open && <>Due {dateInWords(clock.dueOn)}.</>}
      </p>
      <dl className="details">
        <Fact term="Whose data">
          {SUBJECT_LABELS[r.subject.type]} <code>{r.subject.id}</code>
        </Fact>
        <Fact term="Who asked">
          {REQUESTER_LABELS[r.requestedBy.type]} {r.requestedBy.id && <code>{r.requestedBy.id}</code>}
        </Fact>
        <Fact term="Received">{dateInWords(r.receivedOn)}</Fact>
        <Fact term="Due">
          {dateInWords(r.dueOn)}
          {r.extendedTo && `, extended to ${dateInWords(r.extendedTo)}`}
        </Fact>
        {r.extension && (
          <Fact term="Extension">
            {r.extension.months} month{r.extension.months === 1 ? '' : 's'}: {r.extension.reason}
          </Fact>
        )}
        <Fact term="Identity check">
          {r.identityCheck
            ? `${IDENTITY_METHOD_LABELS[r.identityCheck.method]}, ${momentInWords(r.identityCheck.checkedAt)}${r.identityCheck.note ? `: ${r.identityCheck.note}` : ''}`
            : r.identityCheckRequired
              ? 'Not recorded yet: needed before the request is fulfilled'
              : 'Not recorded'}
        </Fact>
        {r.notes && <Fact term="Notes">{r.notes}</Fact>}
        {r.completion && (
          <Fact term="Outcome">
            {OUTCOME_LABELS[r.completion.outcome]}, {momentInWords(r.completion.completedAt)}: {r.completion.summary}
          </Fact>
        )}
        {r.actions.length > 0 && (
          <Fact term="Carried out">
            <ul>
              {r.actions.map((a) => (
                <li key={a.id}>
                  {ACTION_OUTCOME_LABELS[a.outcome]} ({a.operation}), {momentInWords(a.performedAt)}: {a.summary}
                </li>
              ))}
            </ul>
          </Fact>
        )}
        {r.reminders.length > 0 && (
          <Fact term="Reminders sent">
            {r.reminders
              .map((m) => `${m.stage === 'overdue' ? 'Overdue' : 'Due soon'} ${momentInWords(m.sentAt)}`)
              .join('; ')}
          </Fact>
        )}
      </dl>
      <p>
        <Link to={`/audit?subjectType=rights-request&subjectId=${r.id}`}>See this request’s audit trail</Link>
      </p>
      {open && !r.identityCheck && (
        <Step id="identity-heading" title="Record the identity check">
          <IdentityCheckForm request={r} />
        </Step>
      )}
      {canExtend(r, today) && (
        <Step id="extend-heading" title="Extend the deadline">
          <ExtendForm request={r} />
        </Step>
      )}
      {open && EXPORT_KINDS.includes(r.kind) && (
        <Step id="export-heading" title="Gather the subject’s data">
          <ExportStep request={r} />
        </Step>
      )}
      {open && ACTION_KINDS.includes(r.kind) && (
        <Step id="action-heading" title="Carry out the request">
          <ActionForm request={r} />
        </Step>
      )}
      {open && (
        <Step id="complete-heading" title="Complete the request">
          <CompleteForm request={r} />
        </Step>
      )}
    </>
  );
}
