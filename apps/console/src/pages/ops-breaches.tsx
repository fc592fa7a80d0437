// Ops: the breach register (P23). Record an incident and the schools it touched (their admins
// are notified), and see each incident's 72-hour clock as time left or overdue, in words,
// updating every half minute without a reload.
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { BreachIncidentPage, BreachIncidentView } from '@pt/contracts/audit/breaches';
import { api } from '../api/client';
import { FormError, TextField } from '../components/form-fields';
import { applyProblem, summaryError } from '../components/form-problems';
import { Loading } from '../components/layout';
import { momentInWords } from '../components/date-words';
import { usePageTitle } from '../components/page-title';
import { breachClock } from './breach-clock';
import { QueryStatus } from '../components/list-status';

const PATH = '/api/v1/ops/breaches';
const KEYS = ['ops', 'breaches'] as const;

function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

interface BreachForm {
  detectedAt: string;
  nature: string;
  dataCategories: string;
  approxPeople: string;
  approxRecords: string;
  likelyConsequences: string;
  measuresTaken: string;
  contactPoint: string;
  affectedSchoolIds: string;
}

const LABELS: Record<keyof BreachForm, string> = {
  detectedAt: 'Detected at',
  nature: 'What happened',
  dataCategories: 'Kinds of data',
  approxPeople: 'People affected (about)',
  approxRecords: 'Records affected (about)',
  likelyConsequences: 'Likely consequences',
  measuresTaken: 'Measures taken',
  contactPoint: 'Contact point',
  affectedSchoolIds: 'Affected schools',
};

const listOf = (text: string) =>
  text
    .split(/[\n,]/)
    .map((part) => part.trim())
    .filter(Boolean);

function RecordBreach() {
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<{ error: unknown; other: string[] } | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<BreachForm>({
    defaultValues: {
      detectedAt: '',
      nature: '',
      dataCategories: '',
      approxPeople: '',
      approxRecords: '',
      likelyConsequences: '',
      measuresTaken: '',
      contactPoint: '',
      affectedSchoolIds: '',
    },
  });
  const submit = handleSubmit(async (form) => {
    setFailure(null);
    try {
      await api.post<BreachIncidentView>(PATH, {
        detectedAt: new Date(form.detectedAt).toISOString(),
        nature: form.nature.trim(),
        dataCategories: listOf(form.dataCategories),
        approxPeople: Number(form.approxPeople),
        approxRecords: Number(form.approxRecords),
        likelyConsequences: form.likelyConsequences.trim(),
        measuresTaken: form.measuresTaken.trim(),
        contactPoint: form.contactPoint.trim(),
        affectedSchoolIds: listOf(form.affectedSchoolIds),
      });
      reset();
      await queryClient.invalidateQueries({ queryKey: KEYS });
    } catch (error) {
      const other = applyProblem(error, setError, LABELS);
      setFailure({ error: summaryError(error, other), other });
    }
  });
  const filled = (what: string) => (v: string) => v.trim() !== '' || `Enter ${what}.`;
  const count = (v: string) => /^\d+$/.test(v.trim()) || 'Enter a whole number (0 or more).';
  return (
    <form onSubmit={submit} noValidate aria-labelledby="record-breach-heading">
      <h2 id="record-breach-heading">Record a breach</h2>
      <p>Each affected school’s administrators are told at once, by email and in the console.</p>
      <FormError error={failure?.error} messages={failure?.other} />
      <TextField
        label={LABELS.detectedAt}
        type="datetime-local"
        hint="The 72-hour clock to tell the ICO starts here."
        error={errors.detectedAt?.message}
        {...register('detectedAt', {
          validate: (v) => (v !== '' && !Number.isNaN(Date.parse(v))) || 'Enter when it was detected.',
        })}
      />
      <TextField
        label={LABELS.nature}
        error={errors.nature?.message}
        maxLength={4000}
        autoComplete="off"
        {...register('nature', { validate: filled('what happened') })}
      />
      <TextField
        label={LABELS.dataCategories}
        hint="Separated by commas, for example: pupil names, assessment results."
        error={errors.dataCategories?.message}
        autoComplete="off"
        {...register('dataCategories', { validate: filled('at least one kind of data') })}
      />
      <TextField
        label={LABELS.approxPeople}
        inputMode="numeric"
        error={errors.approxPeople?.message}
        autoComplete="off"
        {...register('approxPeople', { validate: count })}
      />
      <TextField
        label={LABELS.approxRecords}
        inputMode="numeric"
        error={errors.approxRecords?.message}
        autoComplete="off"
        {...register('approxRecords', { validate: count })}
      />
      <TextField
        label={LABELS.likelyConsequences}
        error={errors.likelyConsequences?.message}
        maxLength={4000}
        autoComplete="off"
        {...register('likelyConsequences', { validate: filled('the likely consequences') })}
      />
      <TextField
        label={LABELS.measuresTaken}
        error={errors.measuresTaken?.message}
        maxLength={4000}
        autoComplete="off"
        {...register('measuresTaken', { validate: filled('the measures taken') })}
      />
      <TextField
        label={LABELS.contactPoint}
        hint="Who schools and the ICO contact about it."
        error={errors.contactPoint?.message}
        maxLength={500}
        autoComplete="off"
        {...register('contactPoint', { validate: filled('a contact point') })}
      />
      <TextField
        label={LABELS.affectedSchoolIds}
        hint="School ids, separated by commas."
        error={errors.affectedSchoolIds?.message}
        autoComplete="off"
        {...register('affectedSchoolIds', { validate: filled('at least one school id') })}
      />
      <button type="submit" disabled={isSubmitting}>
        {isSubmitting ? 'Recording and notifying…' : 'Record breach'}
      </button>
    </form>
  );
}

export default function OpsBreaches() {
  usePageTitle('Breach register');
  const now = useNow(30_000);
  const incidents = useQuery({
    queryKey: KEYS,
    queryFn: ({ signal }) => api.get<BreachIncidentPage>(`${PATH}?limit=100`, signal),
    refetchInterval: 60_000,
  });
  return (
    <>
      <h1>Breach register</h1>
      {incidents.isPending && <Loading />}
      <QueryStatus query={incidents} />
      {incidents.data && incidents.data.items.length === 0 && <p>No breaches are recorded.</p>}
      {incidents.data && incidents.data.items.length > 0 && (
        <table>
          <caption>Incidents, newest first, with the 72-hour clock to notify the ICO</caption>
          <thead>
            <tr>
              <th scope="col">What happened</th>
              <th scope="col">Detected</th>
              <th scope="col">Deadline</th>
              <th scope="col">Clock</th>
              <th scope="col">Schools notified</th>
            </tr>
          </thead>
          <tbody>
            {incidents.data.items.map((incident) => {
              const clock = breachClock(incident.notificationDeadline, now);
              const notified = incident.affectedSchools.filter((s) => s.notifiedAt !== null).length;
              return (
                <tr key={incident.id}>
                  <th scope="row">{incident.nature}</th>
                  <td>{momentInWords(incident.detectedAt)}</td>
                  <td>{momentInWords(incident.notificationDeadline)}</td>
                  <td>
                    <span className={clock.overdue ? 'tag clock-overdue' : 'tag clock-running'}>{clock.words}</span>
                  </td>
                  <td>
                    {notified} of {incident.affectedSchools.length}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <RecordBreach />
    </>
  );
}
