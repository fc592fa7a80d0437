// A small horizontal bar chart in SVG with the same figures as a table beside it: the chart
// is a picture (role="img" with its summary as the name), the table is what screen readers
// and keyboard users read. Lengths come from barShares; no inline styles (the CSP forbids
// them), only SVG attributes. A page with more figures per bar than one gives its own table
// (`table`), which replaces the two-column one; `note` says how to read the numbers.
import { useId, type ReactNode } from 'react';
import { barShares, type ChartBar } from '../pages/finance-figures';

const LABEL_WIDTH = 180;
const BAR_AREA = 320;
const VALUE_WIDTH = 110;
const ROW = 32;

export function BarChart({
  title,
  bars,
  headings = ['Age', 'Amount'],
  table,
  note,
}: {
  title: string;
  bars: ChartBar[];
  /** The two-column table's headings: what a bar is, what its value is. */
  headings?: [string, string];
  /** A table of the chart's figures in place of the two-column one. */
  table?: ReactNode;
  note?: ReactNode;
}) {
  const id = useId();
  const shares = barShares(bars.map((bar) => bar.value));
  const height = bars.length * ROW + 8;
  const summary = `${title}: ${bars.map((bar) => `${bar.label} ${bar.text}`).join('; ')}`;
  return (
    <figure className="bar-chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>{title}</figcaption>
      <svg
        role="img"
        aria-label={summary}
        viewBox={`0 0 ${LABEL_WIDTH + BAR_AREA + VALUE_WIDTH} ${height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
      >
        {bars.map((bar, index) => {
          const y = index * ROW + 4;
          const width = Math.round(shares[index] * BAR_AREA);
          return (
            <g key={bar.key} aria-hidden="true">
              <text
                x={LABEL_WIDTH - 8}
                y={y + ROW / 2}
                textAnchor="end"
                dominantBaseline="middle"
                className="bar-label"
              >
                {bar.label}
              </text>
              <rect x={LABEL_WIDTH} y={y + 4} width={width} height={ROW - 8} className={`bar bar-${index}`} />
              <text x={LABEL_WIDTH + width + 6} y={y + ROW / 2} dominantBaseline="middle" className="bar-value">
                {bar.text}
              </text>
            </g>
          );
        })}
      </svg>
      {note}
      {table ?? (
        <table className="chart-table">
          <caption className="visually-hidden">{title} (the chart's figures)</caption>
          <thead>
            <tr>
              <th scope="col">{headings[0]}</th>
              <th scope="col">{headings[1]}</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((bar) => (
              <tr key={bar.key}>
                <th scope="row">{bar.label}</th>
                <td className="money">{bar.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}
