// Assessment analysis for school staff: a measure at a point broken down by group (the gap
// between, say, disadvantaged pupils and the rest, and progress since a baseline point) as
// bar charts, each with its table of figures and the words that explain them; then the
// transition matrix between two points as a heat map whose cells list their pupils. The
// figures are the API's (suppression included): the console draws them, never recomputes.
import { useEffect, useRef, useState } from 'react';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type {
  AnalysisDimension,
  AnalysisView,
  TransitionCellPupilsView,
  TransitionMatrixView,
} from '@pt/contracts/assessment/analysis';
import type { FrameworkView } from '@pt/contracts/assessment/frameworks';
import type { PupilView } from '@pt/contracts/pupils/pupil';
import { api, query } from '../api/client';
import { describeProblem } from '../api/problem';
import { BarChart } from '../components/bar-chart';
import { Loading } from '../components/layout';
import { usePageTitle } from '../components/page-title';
import {
  DIMENSIONS,
  FIGURES,
  analysisBars,
  figureText,
  gapWords,
  groupLabel,
  groupsOf,
  heatMap,
  totalWords,
  type AnalysisMeasureKey,
} from './assessment-analysis-model';
import { FrameworkSelect, PointSelect, pointDay, useClassGroups, useFrameworkChoice } from './assessment-choice';
import { pupilName } from './pupil-words';
import { QueryStatus } from '../components/list-status';

export default function AssessmentAnalysis() {
  usePageTitle('Assessment analysis');
  const { frameworks, newestFirst, frameworkId, choose, framework } = useFrameworkChoice();
  const [chosenMeasure, setMeasure] = useState('');
  const [chosenPoint, setPoint] = useState('');
  // undefined: the default (the first point before the chosen one); '': no baseline.
  const [chosenBaseline, setBaseline] = useState<string | undefined>(undefined);
  const measures = framework.data?.measures ?? [];
  const points = framework.data?.points ?? [];
  const measure = measures.find((m) => m.id === chosenMeasure) ?? measures[0] ?? null;
  // The latest point until another is chosen.
  const point = points.find((p) => p.id === chosenPoint) ?? points[points.length - 1] ?? null;
  const earlier = points.filter((p) => point && p.id !== point.id && p.date <= point.date);
  const baselineId = chosenBaseline ?? earlier[0]?.id ?? '';

  return (
    <>
      <h1>Assessment analysis</h1>
      <p>
        How groups of pupils compare at an assessment point, how far they have come since an earlier one, and where each
        pupil has moved between two points. <Link to="/assessment/reports">Parent reports</Link> are on a page of their
        own.
      </p>
      <QueryStatus query={frameworks} loading="Loading frameworks" />
      {frameworks.data?.length === 0 && (
        <p>The school has no assessment framework yet, so there is nothing to analyse.</p>
      )}
      {newestFirst.length > 0 && (
        <form className="filters" aria-label="Choose what to analyse" onSubmit={(e) => e.preventDefault()}>
          <FrameworkSelect
            id="analysis-framework"
            newestFirst={newestFirst}
            value={frameworkId}
            onChange={(id) => {
              choose(id);
              setMeasure('');
              setPoint('');
              setBaseline(undefined);
            }}
          />
          <div className="field">
            <label htmlFor="analysis-measure">Measure</label>
            <select id="analysis-measure" value={measure?.id ?? ''} onChange={(e) => setMeasure(e.target.value)}>
              {measures.length === 0 && <option value="">No measures yet</option>}
              {measures.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </div>
          <PointSelect
            id="analysis-point"
            label="Assessment point"
            points={points}
            value={point?.id ?? ''}
            onChange={(id) => {
              setPoint(id);
              setBaseline(undefined);
            }}
          />
          <PointSelect
            id="analysis-baseline"
            label="Progress since"
            points={earlier}
            value={baselineId}
            onChange={setBaseline}
            none="No baseline (no progress figures)"
          />
        </form>
      )}
      <QueryStatus query={framework} />
      {framework.data && points.length === 0 && <p>This framework has no assessment points yet.</p>}
      {framework.data && measure && point && (
        <>
          <GroupAnalysis
            key={`${point.id}/${measure.id}/${baselineId}`}
            framework={framework.data}
            pointId={point.id}
            measureId={measure.id}
            baselineId={baselineId}
          />
          <TransitionSection
            key={`${frameworkId}/${measure.id}`}
            framework={framework.data}
            measureId={measure.id}
            defaultFrom={baselineId || points[0].id}
            defaultTo={point.id}
          />
        </>
      )}
    </>
  );
}

function GroupAnalysis({
  framework,
  pointId,
  measureId,
  baselineId,
}: {
  framework: FrameworkView;
  pointId: string;
  measureId: string;
  baselineId: string;
}) {
  const [dimension, setDimension] = useState<AnalysisDimension>('disadvantaged');
  const [figure, setFigure] = useState<AnalysisMeasureKey>('shareAtExpected');
  const classGroups = useClassGroups();
  const classNames = new Map((classGroups.data?.items ?? []).map((g) => [g.id, g.name]));
  const analysis = useQuery({
    queryKey: ['assessment', 'analysis', pointId, measureId, baselineId],
    queryFn: ({ signal }) =>
      api.get<AnalysisView>(
        `/api/v1/assessment/points/${pointId}/analysis${query({ measureId, baselinePointId: baselineId || undefined })}`,
        signal,
      ),
  });
  const point = framework.points.find((p) => p.id === pointId)!;
  const baseline = framework.points.find((p) => p.id === baselineId) ?? null;
  const measure = framework.measures.find((m) => m.id === measureId)!;
  const dimensionLabel = DIMENSIONS.find((d) => d.key === dimension)!.label;

  if (analysis.isPending) return <Loading what="Working out the figures" />;
  if (analysis.isError) return <p role="alert">{describeProblem(analysis.error)}</p>;
  const view = analysis.data;
  const groups = groupsOf(view, dimension);
  const title = `${measure.name} at ${point.name}: ${FIGURES[figure].label.toLowerCase()} by ${dimensionLabel.toLowerCase()}`;
  const progressTitle = baseline
    ? `${measure.name}: average progress from ${baseline.name} to ${point.name} by ${dimensionLabel.toLowerCase()}`
    : '';
  const kind = figure === 'shareAtExpected' ? 'share' : 'points';

  return (
    <section aria-labelledby="groups-heading" className="analysis-charts">
      <h2 id="groups-heading">Gaps between groups</h2>
      <p>
        All pupils with a {measure.name} result at {point.name}: {totalWords(view.total, !!baseline)}
      </p>
      <form className="filters" aria-label="Choose the groups and figure" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="analysis-dimension">Compare groups by</label>
          <select
            id="analysis-dimension"
            value={dimension}
            onChange={(e) => setDimension(e.target.value as AnalysisDimension)}
          >
            {DIMENSIONS.map((d) => (
              <option key={d.key} value={d.key}>
                {d.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="analysis-figure">Figure</label>
          <select id="analysis-figure" value={figure} onChange={(e) => setFigure(e.target.value as AnalysisMeasureKey)}>
            <option value="shareAtExpected">{FIGURES.shareAtExpected.label}</option>
            <option value="averagePoints">{FIGURES.averagePoints.label}</option>
          </select>
        </div>
      </form>
      {groups.length === 0 ? (
        <p>No pupil with a result falls in any {dimensionLabel.toLowerCase()} group.</p>
      ) : (
        <>
          <BarChart
            title={title}
            bars={analysisBars(view, dimension, figure, classNames)}
            table={
              <table className="chart-table analysis-table">
                <caption>{title}: the figures</caption>
                <thead>
                  <tr>
                    <th scope="col">Group</th>
                    <th scope="col">Pupils</th>
                    <th scope="col">At expected or above</th>
                    <th scope="col">{FIGURES[figure].label}</th>
                    <th scope="col">Gap to the rest</th>
                  </tr>
                </thead>
                <tbody>
                  {groups.map((g) => (
                    <tr key={g.value ?? ''}>
                      <th scope="row">{groupLabel(g, classNames)}</th>
                      <td>{figureText(g.pupils)}</td>
                      <td>{figureText(g.atExpected)}</td>
                      <td>{figureText(g[figure], kind)}</td>
                      <td>{gapWords(g, figure)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            }
          />
          {baseline && (
            <BarChart
              title={progressTitle}
              bars={analysisBars(view, dimension, 'averageProgress', classNames)}
              table={
                <table className="chart-table analysis-table">
                  <caption>{progressTitle}: the figures</caption>
                  <thead>
                    <tr>
                      <th scope="col">Group</th>
                      <th scope="col">Pupils with both results</th>
                      <th scope="col">Average progress in points</th>
                    </tr>
                  </thead>
                  <tbody>
                    {groups.map((g) => (
                      <tr key={g.value ?? ''}>
                        <th scope="row">{groupLabel(g, classNames)}</th>
                        <td>{figureText(g.pupilsWithBaseline)}</td>
                        <td>{figureText(g.averageProgress, 'progress')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              }
            />
          )}
        </>
      )}
      <details className="explain">
        <summary>How these figures are worked out</summary>
        <ul>
          <li>
            Pupils are counted in the groups they were in on {view.asAt ? pointDay(view.asAt) : 'the point’s date'}, so
            a later change to a pupil’s details does not change this analysis.
          </li>
          <li>
            At expected or above: pupils whose result is in the scale’s expected band or above. The share is of the
            group’s pupils with a result.
          </li>
          <li>Average points: the average of the points the scale gives each result.</li>
          <li>
            Progress: the average of each pupil’s points at {point.name} less their points at the baseline point, over
            the pupils with a result at both.
          </li>
          <li>
            Gap to the rest: the group’s figure less that of every other pupil with a result; in pupils, how many more
            of the group would have to be at expected to match the rest.
          </li>
          <li>
            [c]: hidden because it is about fewer than 5 pupils, or because it would let such a figure be worked out
            from the totals. Pupils whose processing is restricted are left out.
          </li>
        </ul>
      </details>
    </section>
  );
}

function TransitionSection({
  framework,
  measureId,
  defaultFrom,
  defaultTo,
}: {
  framework: FrameworkView;
  measureId: string;
  defaultFrom: string;
  defaultTo: string;
}) {
  const [fromId, setFrom] = useState(defaultFrom);
  const [toId, setTo] = useState(defaultTo);
  const [cell, setCell] = useState<{ fromKey: string; toKey: string } | null>(null);
  const sides = { fromPointId: fromId, fromMeasureId: measureId, toPointId: toId, toMeasureId: measureId };
  const matrix = useQuery({
    queryKey: ['assessment', 'transition-matrix', sides],
    queryFn: ({ signal }) =>
      api.get<TransitionMatrixView>(`/api/v1/assessment/transition-matrix${query(sides)}`, signal),
  });
  const from = framework.points.find((p) => p.id === fromId);
  const to = framework.points.find((p) => p.id === toId);
  const measure = framework.measures.find((m) => m.id === measureId)!;
  const map = matrix.data ? heatMap(matrix.data) : null;
  const label = (side: 'from' | 'to', key: string) => matrix.data?.[side].axis.find((a) => a.key === key)?.label ?? key;

  return (
    <section aria-labelledby="matrix-heading">
      <h2 id="matrix-heading">Transition matrix</h2>
      <p>
        Each pupil with a {measure.name} result at both points, by their result at the earlier point (rows) and at the
        later one (columns). The darker a cell, the more pupils in it. Choose a cell to list its pupils.
      </p>
      <form className="filters" aria-label="Choose the two points" onSubmit={(e) => e.preventDefault()}>
        <PointSelect
          id="matrix-from"
          label="Earlier point"
          points={framework.points}
          value={fromId}
          onChange={(id) => {
            setFrom(id);
            setCell(null);
          }}
        />
        <PointSelect
          id="matrix-to"
          label="Later point"
          points={framework.points}
          value={toId}
          onChange={(id) => {
            setTo(id);
            setCell(null);
          }}
        />
      </form>
      <QueryStatus query={matrix} loading="Loading the transition matrix" />
      {map && from && to && (
        <>
          <div className="grid-scroll">
            <table className="heat-map">
              <caption>
                {measure.name}: {from.name} (rows) to {to.name} (columns), {map.pupils} pupil
                {map.pupils === 1 ? '' : 's'}
              </caption>
              <thead>
                <tr>
                  <td />
                  {map.columns.map((c) => (
                    <th scope="col" key={c.key}>
                      {c.label}
                    </th>
                  ))}
                  <th scope="col">Total</th>
                </tr>
              </thead>
              <tbody>
                {map.rows.map((row) => (
                  <tr key={row.key}>
                    <th scope="row">{row.label}</th>
                    {row.cells.map((c) => {
                      const chosen = cell?.fromKey === c.fromKey && cell.toKey === c.toKey;
                      return (
                        <td key={c.toKey} className={`heat-cell heat-${c.level}`}>
                          <button
                            type="button"
                            aria-pressed={chosen}
                            aria-label={`${c.pupils} pupil${c.pupils === 1 ? '' : 's'}: ${row.label} at ${from.name}, ${label('to', c.toKey)} at ${to.name}`}
                            onClick={() => setCell({ fromKey: c.fromKey, toKey: c.toKey })}
                          >
                            {c.pupils}
                          </button>
                        </td>
                      );
                    })}
                    <td className="heat-total">{row.total}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">Total</th>
                  {map.columns.map((c) => (
                    <td key={c.key} className="heat-total">
                      {c.total}
                    </td>
                  ))}
                  <td className="heat-total">{map.pupils}</td>
                </tr>
              </tfoot>
            </table>
          </div>
          {cell && (
            <CellPupils
              key={`${cell.fromKey}/${cell.toKey}`}
              sides={sides}
              cell={cell}
              heading={`${label('from', cell.fromKey)} at ${from.name}, ${label('to', cell.toKey)} at ${to.name}`}
            />
          )}
        </>
      )}
    </section>
  );
}

function CellPupils({
  sides,
  cell,
  heading,
}: {
  sides: Record<string, string>;
  cell: { fromKey: string; toKey: string };
  heading: string;
}) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const pupils = useQuery({
    queryKey: ['assessment', 'transition-matrix', 'cell', sides, cell],
    queryFn: ({ signal }) =>
      api.get<TransitionCellPupilsView>(
        `/api/v1/assessment/transition-matrix/cell${query({ ...sides, ...cell })}`,
        signal,
      ),
  });
  const ids = pupils.data?.pupils.map((p) => p.pupilId) ?? [];
  // Each pupil's name (the cell names ids only); the list shows the id until it has come.
  const names = useQueries({
    queries: ids.map((id) => ({
      queryKey: ['pupils', id],
      queryFn: ({ signal }: { signal: AbortSignal }) => api.get<PupilView>(`/api/v1/pupils/${id}`, signal),
      staleTime: 60_000,
    })),
  });
  useEffect(() => {
    headingRef.current?.focus();
  }, []);
  return (
    <section aria-labelledby="cell-heading" className="cell-pupils">
      <h3 id="cell-heading" ref={headingRef} tabIndex={-1}>
        Pupils: {heading}
      </h3>
      <QueryStatus query={pupils} loading="Loading the cell's pupils" />
      {pupils.data && pupils.data.pupils.length === 0 && <p>No pupil is in this cell.</p>}
      {pupils.data && pupils.data.pupils.length > 0 && (
        <ul>
          {pupils.data.pupils.map((p, i) => {
            const pupil = names[i]?.data;
            return (
              <li key={p.pupilId}>
                <Link to={`/pupils/${p.pupilId}`}>{pupil ? pupilName(pupil) : 'A pupil (name loading)'}</Link>{' '}
                {p.fromValue} → {p.toValue}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
