// A school admin brings pupils in from a Common Transfer File (or a CSV with a column
// mapping): the file goes up as it is (the gateway streams it to the file store and answers
// 202 with a job), then the job is polled until it finishes, with its progress shown as a
// bar, and its report in words. The job's id stays in the page's state, never the address,
// and the report names rejected rows by UPN and position only (the API never sends names).
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { ImportRejection, PupilImportFormat, PupilImportView } from '@pt/contracts/pupils/imports';
import { api, upload } from '../api/client';
import { describeProblem } from '../api/problem';
import { usePageTitle } from '../components/page-title';
import { QueryStatus } from '../components/list-status';

/** How often the job is asked about while it runs: often enough that the bar moves, rarely enough to cost nothing. */
const POLL_MS = 500;

const CONTENT_TYPE: Record<PupilImportFormat, string> = { ctf: 'application/xml', csv: 'text/csv' };

function finished(job: PupilImportView | undefined): boolean {
  return job?.status === 'completed' || job?.status === 'failed';
}

/** Bytes read out of the file's size, as a whole percentage (100 once the job has finished). */
export function importPercent(job: PupilImportView): number {
  if (finished(job)) return 100;
  const { bytesRead, totalBytes } = job.progress;
  if (totalBytes <= 0) return 0;
  return Math.min(99, Math.floor((bytesRead / totalBytes) * 100));
}

const STATUS_WORDS: Record<PupilImportView['status'], string> = {
  queued: 'Waiting to start',
  running: 'Reading the file',
  completed: 'Finished',
  failed: 'Stopped: the file could not be imported',
};

/** A CSV's header row mapped by the API's own field names (the column names must match them). */
function csvMapping(header: string): Record<string, string> {
  const columns = header
    .split(',')
    .map((c) => c.trim().replace(/^"|"$/g, ''))
    .filter(Boolean);
  return Object.fromEntries(columns.map((column) => [column, column]));
}

function rejectionWhere(rejection: ImportRejection): string {
  return rejection.field ? `${rejection.reason} (${rejection.field})` : rejection.reason;
}

export default function PupilImport() {
  usePageTitle('Import pupils');
  const [format, setFormat] = useState<PupilImportFormat>('ctf');
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);

  const start = useMutation({
    mutationFn: async (chosen: File) => {
      const params = new URLSearchParams({ format });
      if (format === 'csv') {
        const header = (await chosen.slice(0, 4096).text()).split(/\r?\n/)[0] ?? '';
        params.set('mapping', JSON.stringify(csvMapping(header)));
      }
      return upload<PupilImportView>(`/api/v1/pupil-imports?${params.toString()}`, chosen, CONTENT_TYPE[format]);
    },
    onSuccess: (job) => setJobId(job.id),
  });

  const job = useQuery({
    queryKey: ['pupil-imports', jobId],
    queryFn: ({ signal }) => api.get<PupilImportView>(`/api/v1/pupil-imports/${jobId}`, signal),
    enabled: jobId !== null,
    initialData: start.data && start.data.id === jobId ? start.data : undefined,
    refetchInterval: (q) => (finished(q.state.data) ? false : POLL_MS),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) {
      setFileError('Choose a file to import');
      return;
    }
    setFileError(null);
    setJobId(null);
    start.mutate(file);
  };

  const current = job.data;
  return (
    <>
      <h1>Import pupils</h1>
      <p>
        Bring pupils in from a Common Transfer File (CTF) from your MIS or another school, or from a CSV whose header
        row uses the API&apos;s field names (upn, legalForename, legalSurname, dateOfBirth, yearGroup…). Pupils are
        matched by UPN: new ones are created, known ones updated.
      </p>
      <form className="import-form" onSubmit={submit} noValidate>
        <fieldset>
          <legend>File type</legend>
          <div className="checkbox">
            <input
              type="radio"
              id="format-ctf"
              name="format"
              checked={format === 'ctf'}
              onChange={() => setFormat('ctf')}
            />
            <label htmlFor="format-ctf">Common Transfer File (XML)</label>
          </div>
          <div className="checkbox">
            <input
              type="radio"
              id="format-csv"
              name="format"
              checked={format === 'csv'}
              onChange={() => setFormat('csv')}
            />
            <label htmlFor="format-csv">CSV</label>
          </div>
        </fieldset>
        <div className={fileError ? 'field field-error' : 'field'}>
          <label htmlFor="import-file">File to import</label>
          {fileError && (
            <p className="error-message" id="import-file-error">
              {fileError}
            </p>
          )}
          <input
            id="import-file"
            type="file"
            accept={format === 'ctf' ? '.xml,application/xml,text/xml' : '.csv,text/csv'}
            aria-describedby={fileError ? 'import-file-error' : undefined}
            aria-invalid={fileError ? true : undefined}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <div className="actions">
          <button type="submit" disabled={start.isPending || (current !== undefined && !finished(current))}>
            {start.isPending ? 'Uploading…' : 'Import'}
          </button>
        </div>
        {start.isError && (
          <p role="alert" className="error-summary">
            {describeProblem(start.error)}
          </p>
        )}
      </form>

      {current && <ImportProgress job={current} />}
      <QueryStatus query={job} />
      {current && finished(current) && <ImportReportView job={current} />}
    </>
  );
}

function ImportProgress({ job }: { job: PupilImportView }) {
  const percent = importPercent(job);
  return (
    <section aria-labelledby="import-progress-heading" className="import-progress">
      <h2 id="import-progress-heading">Progress</h2>
      <progress
        id="import-progress"
        max={100}
        value={percent}
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}%: ${job.progress.pupilsRead} pupils read`}
      />
      <p role="status">
        {STATUS_WORDS[job.status]} — {percent}%, {job.progress.pupilsRead} pupil
        {job.progress.pupilsRead === 1 ? '' : 's'} read.
      </p>
    </section>
  );
}

function ImportReportView({ job }: { job: PupilImportView }) {
  const { report } = job;
  return (
    <section aria-labelledby="import-report-heading" className="import-report">
      <h2 id="import-report-heading">Report</h2>
      {job.error && (
        <p role="alert" className="error-summary">
          {job.error.message}
          {job.error.line !== undefined &&
            ` (line ${job.error.line}${job.error.column ? `, column ${job.error.column}` : ''})`}
        </p>
      )}
      <dl className="import-counts">
        <div>
          <dt>Created</dt>
          <dd>{report.created}</dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>{report.updated}</dd>
        </div>
        <div>
          <dt>Unchanged</dt>
          <dd>{report.unchanged}</dd>
        </div>
        <div>
          <dt>Rejected</dt>
          <dd>{report.rejected}</dd>
        </div>
      </dl>
      {report.rejections.length > 0 && (
        <table className="import-rejections">
          <caption>
            Rejected pupils
            {report.rejected > report.rejections.length &&
              ` (the first ${report.rejections.length} of ${report.rejected})`}
          </caption>
          <thead>
            <tr>
              <th scope="col">UPN</th>
              <th scope="col">Pupil in the file</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {report.rejections.map((rejection) => (
              <tr key={`${rejection.position}-${rejection.field ?? ''}`}>
                <th scope="row">
                  <code>{rejection.upn ?? 'no UPN'}</code>
                </th>
                <td>{`Number ${rejection.position}`}</td>
                <td>{rejectionWhere(rejection)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report.warnings.length > 0 && (
        <>
          <h3>Warnings</h3>
          <ul>
            {report.warnings.map((warning) => (
              <li key={warning.code}>
                {warning.message}
                {warning.count > 0 && ` (${warning.count} pupil${warning.count === 1 ? '' : 's'}`}
                {warning.upns.length > 0 && `: ${warning.upns.join(', ')}`}
                {warning.count > 0 && ')'}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
