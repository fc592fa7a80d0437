// Aged debt across schools: the totals as a bar chart (with its table), then each school's row.
import { Link } from 'react-router';
import { BarChart } from '../components/bar-chart';
import { usePageTitle } from '../components/page-title';
import { agedDebtBars, formatDay, formatPence } from './finance-figures';
import { useAgedDebt, useChosenSchool } from './finance-chosen-school';
import { QueryStatus } from '../components/list-status';

export function FinanceAgedDebt() {
  usePageTitle('Aged debt');
  const report = useAgedDebt();
  const { choose } = useChosenSchool();
  const data = report.data;
  return (
    <>
      <h1>Aged debt</h1>
      <QueryStatus query={report} loading="Loading the aged-debt report" />
      {data && (
        <>
          <p>
            What schools owe on issued invoices on {formatDay(data.on)}, by days past the due date:{' '}
            {formatPence(data.totals.totalPence)} in all.
          </p>
          <BarChart title={`Aged debt on ${formatDay(data.on)}`} bars={agedDebtBars(data.totals)} />
          <h2>By school</h2>
          {data.schools.length === 0 ? (
            <p>No school owes anything.</p>
          ) : (
            <table>
              <caption className="visually-hidden">Aged debt by school</caption>
              <thead>
                <tr>
                  <th scope="col">Customer</th>
                  {agedDebtBars(data.totals).map((bar) => (
                    <th scope="col" className="money" key={bar.key}>
                      {bar.label}
                    </th>
                  ))}
                  <th scope="col" className="money">
                    Total
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.schools.map((row) => (
                  <tr key={row.schoolId}>
                    <th scope="row">
                      <Link to="/finance/invoices" onClick={() => choose(row.schoolId)}>
                        {row.customerName}
                      </Link>
                    </th>
                    {agedDebtBars(row).map((bar) => (
                      <td className="money" key={bar.key}>
                        {bar.text}
                      </td>
                    ))}
                    <td className="money">{formatPence(row.totalPence)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </>
  );
}
