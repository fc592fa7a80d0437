// Parent reports for an assessment point: choose pupils of a class (or the whole class), and
// the API issues each report (rendered and archived as issued) and the console downloads its
// PDF through api/download.ts; each step is said in words, and each failure names its pupil.
// Reports issued before are listed with their own download.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { ClassReportsView, ParentReportView } from '@pt/contracts/assessment/parent-reports';
import type { PupilPage, PupilView } from '@pt/contracts/pupils/pupil';
import { api, query, request } from '../api/client';
import { downloadFile } from '../api/download';
import { describeProblem } from '../api/problem';
import { Loading } from '../components/layout';
import { usePageTitle } from '../components/page-title';
import { FrameworkSelect, PointSelect, useClassGroups, useFrameworkChoice } from './assessment-choice';
import { pupilName } from './pupil-words';
import { QueryStatus } from '../components/list-status';

async function classPupils(classGroupId: string, signal: AbortSignal): Promise<PupilView[]> {
  const pupils: PupilView[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.get<PupilPage>(`/api/v1/pupils${query({ classGroupId, limit: 200, cursor })}`, signal);
    pupils.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return pupils;
}

const reportPdf = (reportId: string) => `/api/v1/assessment/parent-reports/${reportId}/pdf`;
const reportFile = (reportId: string) => `parent-report-${reportId}.pdf`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export default function AssessmentReports() {
  usePageTitle('Parent reports');
  const { frameworks, newestFirst, frameworkId, choose, framework } = useFrameworkChoice();
  const [chosenPoint, setPoint] = useState('');
  const [classGroupId, setClassGroupId] = useState('');
  const classGroups = useClassGroups();
  const points = framework.data?.points ?? [];
  const point = points.find((p) => p.id === chosenPoint) ?? points[points.length - 1] ?? null;
  const classGroup = classGroups.data?.items.find((g) => g.id === classGroupId) ?? null;
  return (
    <>
      <h1>Parent reports</h1>
      <p>
        A report for parents and carers per pupil at an assessment point, as a PDF: issued once, archived as issued, and
        downloaded here. See also the <Link to="/assessment/analysis">analysis</Link>.
      </p>
      <QueryStatus query={frameworks} loading="Loading frameworks" />
      {frameworks.data?.length === 0 && (
        <p>The school has no assessment framework yet, so there is nothing to report.</p>
      )}
      {newestFirst.length > 0 && (
        <form className="filters" aria-label="Choose the reports" onSubmit={(e) => e.preventDefault()}>
          <FrameworkSelect
            id="reports-framework"
            newestFirst={newestFirst}
            value={frameworkId}
            onChange={(id) => {
              choose(id);
              setPoint('');
            }}
          />
          <PointSelect
            id="reports-point"
            label="Assessment point"
            points={points}
            value={point?.id ?? ''}
            onChange={setPoint}
          />
          <div className="field">
            <label htmlFor="reports-class">Class group</label>
            <select id="reports-class" value={classGroupId} onChange={(e) => setClassGroupId(e.target.value)}>
              <option value="">Choose a class group</option>
              {classGroups.data?.items.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          </div>
        </form>
      )}
      <QueryStatus query={framework} />
      <QueryStatus query={classGroups} />
      {point && classGroup && (
        <ClassReports
          key={`${point.id}/${classGroup.id}`}
          pointId={point.id}
          pointName={point.name}
          classGroupId={classGroup.id}
          className={classGroup.name}
        />
      )}
      {point && !classGroup && <p>Choose a class group to see its pupils and their reports.</p>}
    </>
  );
}

function ClassReports({
  pointId,
  pointName,
  classGroupId,
  className,
}: {
  pointId: string;
  pointName: string;
  classGroupId: string;
  className: string;
}) {
  const queryClient = useQueryClient();
  const pupils = useQuery({
    queryKey: ['pupils', 'class', classGroupId],
    queryFn: ({ signal }) => classPupils(classGroupId, signal),
  });
  const archiveKey = ['assessment', 'parent-reports', pointId];
  const archive = useQuery({
    queryKey: archiveKey,
    queryFn: ({ signal }) =>
      api.get<ParentReportView[]>(`/api/v1/assessment/parent-reports${query({ pointId })}`, signal),
  });
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState('');
  const [failures, setFailures] = useState<string[]>([]);

  const rows = (pupils.data ?? []).filter((p) => !p.restricted);
  const nameOf = new Map((pupils.data ?? []).map((p) => [p.id, pupilName(p)]));
  const toggle = (id: string, on: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  /** Downloads each issued report in turn, saying which one; returns the failures in words. */
  const download = async (reports: ParentReportView[], done: number, total: number): Promise<string[]> => {
    const failed: string[] = [];
    for (const [i, report] of reports.entries()) {
      const who = nameOf.get(report.pupilId) ?? 'a pupil';
      setProgress(`Downloading report ${done + i + 1} of ${total} (${who})…`);
      await downloadFile(reportPdf(report.id), reportFile(report.id)).catch((error: unknown) =>
        failed.push(`${who}: the report was issued but could not be downloaded. ${describeProblem(error)}`),
      );
    }
    return failed;
  };

  const finish = async (issued: number, failed: string[], skipped = 0) => {
    setFailures(failed);
    setProgress(
      `Issued ${plural(issued, 'report')}` +
        (failed.length
          ? `; ${plural(failed.length, 'problem')}, listed below.`
          : `, and downloaded ${issued === 1 ? 'it' : 'them'}.`) +
        (skipped ? ` ${plural(skipped, 'pupil')} left out: their processing is restricted.` : ''),
    );
    setBusy(false);
    await queryClient.invalidateQueries({ queryKey: archiveKey });
  };

  const issueChosen = async () => {
    const ids = rows.filter((p) => chosen.has(p.id)).map((p) => p.id);
    if (ids.length === 0) {
      setFailures([]);
      setProgress('Choose at least one pupil first.');
      return;
    }
    setBusy(true);
    setFailures([]);
    const failed: string[] = [];
    let issued = 0;
    for (const [i, pupilId] of ids.entries()) {
      const who = nameOf.get(pupilId) ?? 'a pupil';
      setProgress(`Issuing report ${i + 1} of ${ids.length} (${who})…`);
      try {
        const report = await request<ParentReportView>('POST', `/api/v1/assessment/points/${pointId}/parent-reports`, {
          body: { pupilId },
        });
        issued++;
        failed.push(...(await download([report.data], i, ids.length)));
      } catch (error) {
        failed.push(`${who}: the report could not be issued. ${describeProblem(error)}`);
      }
    }
    await finish(issued, failed);
  };

  const issueClass = async () => {
    setBusy(true);
    setFailures([]);
    setProgress(`Issuing the reports of ${className}…`);
    try {
      const batch = await request<ClassReportsView>(
        'POST',
        `/api/v1/assessment/points/${pointId}/parent-reports/class`,
        { body: { classGroupId } },
      );
      const failed = await download(batch.data.reports, 0, batch.data.reports.length);
      await finish(batch.data.reports.length, failed, batch.data.skipped.length);
    } catch (error) {
      setProgress('');
      setFailures([`The class's reports could not be issued. ${describeProblem(error)}`]);
      setBusy(false);
    }
  };

  if (pupils.isPending) return <Loading what="Loading the class" />;
  if (pupils.isError) return <p role="alert">{describeProblem(pupils.error)}</p>;
  return (
    <section aria-labelledby="issue-heading">
      <h2 id="issue-heading">
        Issue reports for {className} at {pointName}
      </h2>
      {rows.length === 0 ? (
        <p>The class has no pupils whose reports can be issued.</p>
      ) : (
        <>
          <fieldset className="report-pupils">
            <legend>Pupils</legend>
            {rows.map((p) => (
              <div className="checkbox" key={p.id}>
                <input
                  id={`report-${p.id}`}
                  type="checkbox"
                  checked={chosen.has(p.id)}
                  onChange={(e) => toggle(p.id, e.target.checked)}
                />
                <label htmlFor={`report-${p.id}`}>{pupilName(p)}</label>
              </div>
            ))}
          </fieldset>
          <div className="actions">
            <button type="button" onClick={() => void issueChosen()} disabled={busy}>
              Issue and download reports for the chosen pupils ({chosen.size})
            </button>
            <button type="button" className="secondary" onClick={() => void issueClass()} disabled={busy}>
              Issue and download the whole class&apos;s reports
            </button>
          </div>
        </>
      )}
      <p role="status" className="result-count">
        {progress}
      </p>
      {failures.length > 0 && (
        <div role="alert" className="error-summary">
          <h3>Some reports did not come through</h3>
          <ul>
            {failures.map((f) => (
              <li key={f}>{f}</li>
            ))}
          </ul>
        </div>
      )}
      <h2>Reports issued at {pointName}</h2>
      <QueryStatus query={archive} loading="Loading the issued reports" />
      {archive.data && archive.data.length === 0 && <p>No report has been issued at this point yet.</p>}
      {archive.data && archive.data.length > 0 && (
        <table>
          <caption className="visually-hidden">Reports issued at {pointName}, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Pupil</th>
              <th scope="col">Issued</th>
              <th scope="col">File</th>
            </tr>
          </thead>
          <tbody>
            {archive.data.map((r) => (
              <tr key={r.id}>
                <th scope="row">{nameOf.get(r.pupilId) ?? 'A pupil not in this class now'}</th>
                <td>{new Date(r.issuedAt).toLocaleString('en-GB')}</td>
                <td>
                  <ArchivedDownload report={r} who={nameOf.get(r.pupilId) ?? 'a pupil'} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ArchivedDownload({ report, who }: { report: ParentReportView; who: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <>
      <button
        type="button"
        className="secondary"
        disabled={busy}
        aria-label={`Download the report for ${who} issued ${new Date(report.issuedAt).toLocaleString('en-GB')} (PDF, ${Math.ceil(report.size / 1024)} KB)`}
        onClick={() => {
          setBusy(true);
          setError(null);
          downloadFile(reportPdf(report.id), reportFile(report.id))
            .catch(setError)
            .finally(() => setBusy(false));
        }}
      >
        {busy ? 'Downloading…' : `PDF, ${Math.ceil(report.size / 1024)} KB`}
      </button>
      {error ? (
        <span className="error-message" role="alert">
          {describeProblem(error)}
        </span>
      ) : null}
    </>
  );
}
