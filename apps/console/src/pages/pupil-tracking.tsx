// A pupil's tracking (issue 18): every measure of the year's framework × every assessment
// point, each result with its band in words, and on-track with the rule and figures behind it,
// from one request (GET /api/v1/assessment/pupils/{id}/tracking).
import { useQuery } from '@tanstack/react-query';
import type { GradeBand } from '@pt/contracts/assessment/frameworks';
import type { NoOnTrackVerdict, OnTrackRule, OnTrackVerdict } from '@pt/contracts/assessment/targets';
import type { PupilTrackingView, TrackingCell, TrackingPoint } from '@pt/contracts/assessment/tracking';
import { api } from '../api/client';
import { QueryStatus } from '../components/list-status';

export const BAND_WORDS: Record<GradeBand, string> = {
  below: 'Below expected',
  towards: 'Working towards expected',
  expected: 'At expected standard',
  above: 'Above expected',
};

const MISSING_WORDS: Record<NoOnTrackVerdict['missing'], (rule: OnTrackRule) => string> = {
  baseline: () => 'no result at the baseline point',
  target: (rule) => `no ${rule.kind === 'straight-line' ? rule.targetKind : ''} target`.replace('  ', ' '),
  'result-points': () => 'the result carries no points',
  dates: () => 'the points have no dates to measure progress by',
};

const figure = (n: number) => n.toLocaleString('en-GB', { maximumFractionDigits: 2 });

export function ruleInWords(rule: OnTrackRule | null, points: TrackingPoint[]): string {
  if (!rule) return 'No on-track rule has been chosen for this framework yet, so no result is judged on or off track.';
  if (rule.kind === 'expected-band') return 'On track means a result at the expected standard or above.';
  const baseline = points.find((p) => p.id === rule.baselinePointId)?.name ?? 'the baseline point';
  return `On track means a result on or above the straight line from the result at ${baseline} to the ${
    rule.targetKind
  } target${rule.tolerance ? `, allowing ${figure(rule.tolerance)} points below it` : ''}.`;
}

/** The verdict and, in words, the figures that decided it. */
export function verdictInWords(verdict: OnTrackVerdict | NoOnTrackVerdict): { verdict: string; why: string } {
  if (verdict.onTrack === null) {
    return { verdict: 'No verdict', why: `Not judged: ${MISSING_WORDS[verdict.missing](verdict.rule)}.` };
  }
  const word = verdict.onTrack ? 'On track' : 'Not on track';
  if (verdict.rule.kind === 'expected-band') {
    const band = (verdict.figures as { band: GradeBand | null }).band;
    return {
      verdict: word,
      why: band
        ? `${BAND_WORDS[band]}; on track needs the expected standard or above.`
        : 'The result has no band; on track needs the expected standard or above.',
    };
  }
  const f = verdict.figures as Extract<OnTrackVerdict, { rule: { kind: 'straight-line' } }>['figures'];
  const least = f.expectedPoints - f.tolerance;
  return {
    verdict: word,
    why:
      `Expected ${figure(f.expectedPoints)} points by now (${Math.round(f.progress * 100)}% of the way from ` +
      `${figure(f.baselinePoints)} to the target's ${figure(f.targetPoints)})` +
      (f.tolerance ? `, at least ${figure(least)} with the tolerance` : '') +
      `; the result has ${figure(f.actualPoints)}.`,
  };
}

function Cell({ cell, point, measure }: { cell: TrackingCell; point: TrackingPoint; measure: string }) {
  if (!cell.result) {
    return (
      <td>
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">
          No result for {measure} at {point.name}
        </span>
      </td>
    );
  }
  const { result } = cell;
  const verdict = cell.onTrack && verdictInWords(cell.onTrack);
  return (
    <td className="tracking-cell">
      <span className="tracking-result">
        {result.label === result.value ? result.value : `${result.label} (${result.value})`}
      </span>
      {result.band && <span className={`band band-${result.band}`}>{BAND_WORDS[result.band]}</span>}
      {verdict && (
        <span className="tracking-verdict">
          <strong>{verdict.verdict}</strong> <span className="hint">{verdict.why}</span>
        </span>
      )}
    </td>
  );
}

export function PupilTracking({ pupilId }: { pupilId: string }) {
  const tracking = useQuery({
    queryKey: ['pupils', pupilId, 'tracking'],
    queryFn: ({ signal }) =>
      api.get<PupilTrackingView>(`/api/v1/assessment/pupils/${encodeURIComponent(pupilId)}/tracking`, signal),
  });
  const view = tracking.data;
  return (
    <section aria-labelledby="tracking-heading">
      <h2 id="tracking-heading">Tracking</h2>
      <QueryStatus query={tracking} loading="Loading tracking" />
      {view && !view.framework && <p>The school has no assessment framework yet.</p>}
      {view?.framework && (
        <>
          <p>
            {view.framework.name}
            {view.academicYear && !view.framework.name.includes(view.academicYear)
              ? ` (${view.academicYear})`
              : ''}. {ruleInWords(view.framework.rule, view.points)}
          </p>
          {view.measures.length === 0 || view.points.length === 0 ? (
            <p>The framework has no {view.measures.length === 0 ? 'measures' : 'assessment points'} yet.</p>
          ) : (
            <div className="grid-scroll" role="region" aria-label="Tracking results" tabIndex={0}>
              <table className="tracking-table">
                <caption className="visually-hidden">
                  Results by measure and assessment point, each with its band and whether it is on track
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Measure</th>
                    <th scope="col">Targets</th>
                    {view.points.map((p) => (
                      <th scope="col" key={p.id}>
                        {p.name}{' '}
                        <span className="hint">{new Date(`${p.date}T00:00:00`).toLocaleDateString('en-GB')}</span>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {view.measures.map((m) => (
                    <tr key={m.id}>
                      <th scope="row">{m.name}</th>
                      <td>{m.targets.map((t) => `${t.kind}: ${t.value}`).join(', ') || 'None'}</td>
                      {m.cells.map((cell, i) => (
                        <Cell key={cell.pointId} cell={cell} point={view.points[i]} measure={m.name} />
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
