// School staff's results entry: a framework (the school's, one per academic year), one of its
// points and a class group, then a grid of the class's pupils × the framework's measures.
// Keyboard-first (assessment-grid-model.ts has the moves), takes a paste from a spreadsheet,
// checks grades against the scale before Save, and saves the whole grid in one request that
// the API applies all or none; its errors come back naming cells and are shown on them.
// The choices live in the page's state, so the address never holds more than the page.
import { useMemo, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { FrameworkSummary, FrameworkView, GradeScaleView } from '@pt/contracts/assessment/frameworks';
import type {
  MissingResultsView,
  ResultCellInput,
  ResultGridSaveView,
  ResultView,
} from '@pt/contracts/assessment/results';
import type { ClassGroupView } from '@pt/contracts/pupils/class-groups';
import type { PupilPage, PupilView } from '@pt/contracts/pupils/pupil';
import { api, query, request } from '../api/client';
import { ApiError, describeProblem, fieldMessage } from '../api/problem';
import { Loading } from '../components/layout';
import { usePageTitle } from '../components/page-title';
import { useSession } from '../session';
import {
  cellErrorsFrom,
  cellKey,
  checkValue,
  isGridPaste,
  navigate,
  pasteEdits,
  type CellPosition,
  type NavigationState,
} from './assessment-grid-model';
import { pupilName } from './pupil-words';
import { QueryStatus } from '../components/list-status';

const day = (iso: string) => new Date(iso).toLocaleDateString('en-GB');
const cellId = (row: number, col: number) => `grid-r${row}-c${col}`;

/** Every pupil of a class group (pages of 200, the API's largest). */
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

export default function Assessment() {
  usePageTitle('Assessment');
  const [chosenFramework, setFramework] = useState('');
  const [chosenPoint, setPoint] = useState('');
  const [classGroupId, setClassGroupId] = useState('');
  const frameworks = useQuery({
    queryKey: ['assessment', 'frameworks'],
    queryFn: ({ signal }) => api.get<FrameworkSummary[]>('/api/v1/assessment/frameworks', signal),
    staleTime: 300_000,
  });
  // The newest academic year's framework until another is chosen.
  const newestFirst = [...(frameworks.data ?? [])].sort((a, b) => b.academicYear.localeCompare(a.academicYear));
  const frameworkId = chosenFramework || newestFirst[0]?.id || '';
  const framework = useQuery({
    queryKey: ['assessment', 'frameworks', frameworkId],
    queryFn: ({ signal }) => api.get<FrameworkView>(`/api/v1/assessment/frameworks/${frameworkId}`, signal),
    enabled: !!frameworkId,
  });
  const classGroups = useQuery({
    queryKey: ['class-groups'],
    queryFn: ({ signal }) => api.get<{ items: ClassGroupView[] }>('/api/v1/class-groups', signal),
    staleTime: 300_000,
  });
  const points = framework.data?.points ?? [];
  // The first open point until another is chosen (the one results are being entered for).
  const point =
    points.find((p) => p.id === chosenPoint) ?? points.find((p) => p.status === 'open') ?? points[0] ?? null;
  const classGroup = classGroups.data?.items.find((g) => g.id === classGroupId) ?? null;

  return (
    <>
      <h1>Assessment</h1>
      <QueryStatus query={frameworks} loading="Loading frameworks" />
      {frameworks.data?.length === 0 && (
        <p>The school has no assessment framework yet. An administrator or senior leader sets one up for the year.</p>
      )}
      {newestFirst.length > 0 && (
        <form className="filters" aria-label="Choose the results to enter" onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor="assessment-framework">Framework</label>
            <select
              id="assessment-framework"
              value={frameworkId}
              onChange={(e) => {
                setFramework(e.target.value);
                setPoint('');
              }}
            >
              {newestFirst.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name} ({f.academicYear})
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="assessment-point">Assessment point</label>
            <select id="assessment-point" value={point?.id ?? ''} onChange={(e) => setPoint(e.target.value)}>
              {points.length === 0 && <option value="">No points yet</option>}
              {points.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}, {day(p.date)}
                  {p.status === 'closed' ? ' (closed)' : ''}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="assessment-class">Class group</label>
            <select id="assessment-class" value={classGroupId} onChange={(e) => setClassGroupId(e.target.value)}>
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
      {framework.data && point && classGroup && (
        <ResultGrid
          key={`${point.id}/${classGroup.id}`}
          framework={framework.data}
          pointId={point.id}
          classGroup={classGroup}
        />
      )}
      {framework.data && points.length > 0 && !classGroup && <p>Choose a class group to see and enter its results.</p>}
    </>
  );
}

interface GridProblem {
  position: CellPosition;
  label: string;
  message: string;
}

function ResultGrid({
  framework,
  pointId,
  classGroup,
}: {
  framework: FrameworkView;
  pointId: string;
  classGroup: ClassGroupView;
}) {
  const { permissions } = useSession();
  const queryClient = useQueryClient();
  const point = framework.points.find((p) => p.id === pointId)!;
  const measures = framework.measures;
  const scales = useMemo(() => new Map(framework.gradeScales.map((s) => [s.id, s])), [framework.gradeScales]);
  const scaleOf = (measureId: string): GradeScaleView | undefined =>
    scales.get(measures.find((m) => m.id === measureId)?.gradeScaleId ?? '');

  // The class as it is today (the pupil list's filter), which is who a teacher enters for.
  const pupils = useQuery({
    queryKey: ['pupils', 'class', classGroup.id],
    queryFn: ({ signal }) => classPupils(classGroup.id, signal),
  });
  const resultsKey = ['assessment', 'points', pointId, 'results'];
  const results = useQuery({
    queryKey: resultsKey,
    queryFn: ({ signal }) => api.get<ResultView[]>(`/api/v1/assessment/points/${pointId}/results`, signal),
  });
  // What the API counts still to enter for the class as at the point's date (its own roll).
  const missingKey = ['assessment', 'points', pointId, 'missing-results', classGroup.id];
  const missing = useQuery({
    queryKey: missingKey,
    queryFn: ({ signal }) =>
      api.get<MissingResultsView>(
        `/api/v1/assessment/points/${pointId}/missing-results${query({ classGroupId: classGroup.id })}`,
        signal,
      ),
  });
  const saved = useMemo(
    () => new Map((results.data ?? []).map((r) => [cellKey(r.pupilId, r.measureId), r.value])),
    [results.data],
  );

  // What has been typed or pasted over the saved results, by cell key.
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [otherProblems, setOtherProblems] = useState<string[]>([]);
  const [showSummary, setShowSummary] = useState(false);
  const [status, setStatus] = useState('');
  const [nav, setNav] = useState<NavigationState>({ row: 0, col: 0, editing: false });
  const editStart = useRef('');
  const summary = useRef<HTMLDivElement>(null);

  const rows = pupils.data ?? [];
  const size = { rows: rows.length, cols: measures.length };
  const closed = point.status === 'closed';
  const canWrite = permissions.has('assessments:write');
  const writable = ({ row }: CellPosition) => !closed && canWrite && !!rows[row] && !rows[row].restricted;
  const keyAt = (row: number, col: number) => cellKey(rows[row].id, measures[col].id);
  const valueOf = (key: string) => edits[key] ?? saved.get(key) ?? '';
  const labelOf = (row: number, col: number) => `${measures[col].name}, ${pupilName(rows[row])}`;

  /** The error shown on a cell: the scale check's while it fails, else the API's from the last Save. */
  const errorOf = (row: number, col: number): string | null => {
    if (!writable({ row, col })) return null;
    const key = keyAt(row, col);
    const value = valueOf(key);
    const before = saved.get(key);
    if (!value.trim() && before !== undefined)
      return `A saved result (${before}) cannot be removed here; type a result or press Escape.`;
    return checkValue(scaleOf(measures[col].id), value) ?? serverErrors[key] ?? null;
  };

  const problems: GridProblem[] = [];
  rows.forEach((_, row) =>
    measures.forEach((__, col) => {
      const message = errorOf(row, col);
      if (message) problems.push({ position: { row, col }, label: labelOf(row, col), message });
    }),
  );
  const unsaved = Object.entries(edits).filter(([key, value]) => value.trim() !== (saved.get(key) ?? '')).length;

  const focusCell = ({ row, col }: CellPosition) => document.getElementById(cellId(row, col))?.focus();

  const setCells = (changes: Array<{ key: string; value: string }>) => {
    setEdits((current) => {
      const next = { ...current };
      for (const { key, value } of changes) {
        if (value === (saved.get(key) ?? '')) delete next[key];
        else next[key] = value;
      }
      return next;
    });
    setServerErrors((current) => {
      const next = { ...current };
      for (const { key } of changes) delete next[key];
      return next;
    });
  };

  const save = useMutation({
    mutationFn: (cells: ResultCellInput[]) =>
      request<ResultGridSaveView>('PUT', `/api/v1/assessment/points/${pointId}/results`, { body: { cells } }).then(
        (r) => r.data,
      ),
    onSuccess: async (view) => {
      setEdits({});
      setServerErrors({});
      setOtherProblems([]);
      setShowSummary(false);
      setStatus(
        `Saved: ${view.recorded} new result${view.recorded === 1 ? '' : 's'}, ${view.changed} changed, ${view.unchanged} as before.`,
      );
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: resultsKey }),
        queryClient.invalidateQueries({ queryKey: missingKey }),
      ]);
    },
    onError: (error, cells) => {
      setStatus('');
      const byKey: Record<string, string> = {};
      let other: string[] = [];
      if (error instanceof ApiError && error.fieldErrors.length > 0) {
        const placed = cellErrorsFrom(error.fieldErrors, cells, (cell) => {
          const row = rows.findIndex((p) => p.id === cell.pupilId);
          const col = measures.findIndex((m) => m.id === cell.measureId);
          return row < 0 || col < 0 ? null : { row, col };
        });
        for (const e of placed.cells) byKey[keyAt(e.row, e.col)] = e.message;
        other = placed.other.map((e) => fieldMessage(e.field, e.message));
      } else {
        other = [describeProblem(error)];
      }
      setServerErrors(byKey);
      setOtherProblems(other);
      setShowSummary(true);
      setTimeout(() => summary.current?.focus(), 0);
    },
  });

  const submit = () => {
    setStatus('');
    if (problems.length > 0) {
      setOtherProblems([]);
      setShowSummary(true);
      setTimeout(() => summary.current?.focus(), 0);
      return;
    }
    // The whole grid: every result shown, saved or typed (the API counts those unchanged),
    // so what is on the screen is what the point holds once the save is confirmed.
    const cells: ResultCellInput[] = [];
    rows.forEach((pupil, row) =>
      measures.forEach((measure, col) => {
        const value = valueOf(cellKey(pupil.id, measure.id)).trim();
        if (value && writable({ row, col })) cells.push({ pupilId: pupil.id, measureId: measure.id, value });
      }),
    );
    if (cells.length === 0) {
      setStatus('There are no results to save yet.');
      return;
    }
    save.mutate(cells);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>, row: number, col: number) => {
    const key = keyAt(row, col);
    if (event.key === 'Escape') {
      event.preventDefault();
      setCells([{ key, value: editStart.current }]);
      setNav({ row, col, editing: false });
      setTimeout(() => (event.target as HTMLInputElement).select(), 0);
      return;
    }
    const next = navigate({ ...nav, row, col }, event, size);
    if (next.handled) event.preventDefault();
    setNav(next.state);
    if (next.handled && (next.state.row !== row || next.state.col !== col)) focusCell(next.state);
    else if (next.handled && next.state.editing) {
      // F2: edit the value in place, caret at its end.
      const input = event.target as HTMLInputElement;
      input.setSelectionRange(input.value.length, input.value.length);
    }
  };

  const onPaste = (event: ClipboardEvent<HTMLInputElement>, row: number, col: number) => {
    const text = event.clipboardData.getData('text/plain');
    if (!isGridPaste(text)) return;
    event.preventDefault();
    const { edits: pasted, outside, skipped } = pasteEdits(text, { row, col }, size, writable);
    setCells(pasted.map((e) => ({ key: keyAt(e.row, e.col), value: e.value })));
    setStatus(
      `Pasted ${pasted.length} value${pasted.length === 1 ? '' : 's'}.` +
        (outside ? ` ${outside} fell outside the grid and were left out.` : '') +
        (skipped ? ` ${skipped} fell on read-only cells, which were left as they were.` : '') +
        ' Check them, then save.',
    );
  };

  if (pupils.isPending || results.isPending) return <Loading what="Loading the grid" />;
  if (pupils.isError || results.isError) return <p role="alert">{describeProblem(pupils.error ?? results.error)}</p>;

  const caption = `${point.name} results for ${classGroup.name}`;
  return (
    <section aria-labelledby="grid-heading" className="result-grid-section">
      <h2 id="grid-heading">{caption}</h2>
      {closed && (
        <div className="notice">
          <p>
            <strong>This point is closed</strong>
            {point.closedAt ? ` (since ${day(point.closedAt)})` : ''}, so its results are read-only. A senior leader or
            an administrator can reopen it if results still need to change.
          </p>
        </div>
      )}
      {!closed && !canWrite && (
        <div className="notice">
          <p>You can see these results but not change them: entering results needs the assessments:write permission.</p>
        </div>
      )}
      {missing.data && (
        <p className="result-count">
          {missing.data.missing === 0
            ? `Every result is in for ${classGroup.name} (${missing.data.expected} expected as at ${day(missing.data.asAt)}).`
            : `${missing.data.missing} of ${missing.data.expected} results still to enter for ${classGroup.name} as at ${day(missing.data.asAt)}.`}
        </p>
      )}
      {rows.length === 0 && <p>No pupils are in {classGroup.name} just now.</p>}
      {measures.length === 0 && <p>The framework has no measures yet.</p>}
      {showSummary && (problems.length > 0 || otherProblems.length > 0) && (
        <div className="error-summary" role="alert" tabIndex={-1} ref={summary} aria-labelledby="grid-problems">
          <h3 id="grid-problems">
            Nothing was saved: {problems.length + otherProblems.length} problem
            {problems.length + otherProblems.length === 1 ? '' : 's'} to put right first
          </h3>
          <ul>
            {otherProblems.map((message) => (
              <li key={message}>{message}</li>
            ))}
            {problems.map((p) => (
              <li key={`${p.position.row}/${p.position.col}`}>
                <a
                  href={`#${cellId(p.position.row, p.position.col)}`}
                  onClick={(e) => {
                    e.preventDefault();
                    focusCell(p.position);
                  }}
                >
                  {p.label}: {p.message}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {rows.length > 0 && measures.length > 0 && (
        <>
          <p className="hint" id="grid-help">
            Arrow keys, Enter and Tab move between cells. Type to replace a result, F2 to change it, Escape to undo.
            Paste rows and columns copied from a spreadsheet into the cell where they should start.
          </p>
          <div className="grid-scroll">
            <table className="result-grid" aria-describedby="grid-help">
              <caption className="visually-hidden">{caption}: pupils in rows, measures in columns</caption>
              <thead>
                <tr>
                  <th scope="col">Pupil</th>
                  {measures.map((m) => (
                    <th scope="col" key={m.id}>
                      {m.name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((pupil, row) => (
                  <tr key={pupil.id}>
                    <th scope="row">
                      <Link to={`/pupils/${pupil.id}`}>{pupilName(pupil)}</Link>
                      {pupil.restricted && <span className="tag">Restricted</span>}
                    </th>
                    {measures.map((measure, col) => {
                      const key = cellKey(pupil.id, measure.id);
                      const error = errorOf(row, col);
                      const errorId = `${cellId(row, col)}-error`;
                      const readOnly = !writable({ row, col });
                      const active = nav.row === row && nav.col === col;
                      return (
                        <td key={measure.id} className={error ? 'grid-cell grid-cell-error' : 'grid-cell'}>
                          <input
                            id={cellId(row, col)}
                            aria-label={labelOf(row, col)}
                            aria-invalid={error ? true : undefined}
                            aria-describedby={error ? errorId : undefined}
                            className={key in edits ? 'cell-input cell-edited' : 'cell-input'}
                            value={valueOf(key)}
                            readOnly={readOnly}
                            tabIndex={active ? 0 : -1}
                            autoComplete="off"
                            spellCheck={false}
                            size={5}
                            onFocus={(e) => {
                              editStart.current = e.target.value;
                              setNav({ row, col, editing: false });
                              e.target.select();
                            }}
                            onChange={(e) => {
                              if (readOnly) return;
                              setCells([{ key, value: e.target.value }]);
                              setNav({ row, col, editing: true });
                            }}
                            onKeyDown={(e) => onKeyDown(e, row, col)}
                            onPaste={(e) => (readOnly ? e.preventDefault() : onPaste(e, row, col))}
                          />
                          {error && (
                            <span className="cell-error" id={errorId}>
                              {error}
                            </span>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p role="status" className="result-count">
            {status || (unsaved > 0 ? `${unsaved} unsaved change${unsaved === 1 ? '' : 's'}.` : '')}
          </p>
          {!closed && canWrite && (
            <div className="actions">
              <button type="button" onClick={submit} disabled={save.isPending}>
                {save.isPending ? 'Saving results…' : 'Save results'}
              </button>
              {unsaved > 0 && (
                <button
                  type="button"
                  className="secondary"
                  onClick={() => {
                    setEdits({});
                    setServerErrors({});
                    setShowSummary(false);
                    setStatus('Changes discarded: the grid shows the saved results.');
                  }}
                >
                  Discard changes
                </button>
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}
