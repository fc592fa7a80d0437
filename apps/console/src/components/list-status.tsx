// A list's state in words above its table: loading, the API's problem, or how many rows show
// and whether more can be shown, read out as it changes (role="status").
import { describeProblem } from '../api/problem';
import { Loading } from './layout';
import { listCountWords, type ListNoun } from './list-count-words';

interface ListQuery extends QueryState {
  isSuccess: boolean;
  hasNextPage?: boolean;
}

interface QueryState {
  isPending: boolean;
  isError: boolean;
  error: unknown;
}

/** A query's loading indicator (when given its words) or its problem in words (role="alert"); nothing once it has data. */
export function QueryStatus({ query, loading }: { query: QueryState; loading?: string }) {
  return (
    <>
      {loading && query.isPending && <Loading what={loading} />}
      {query.isError && <p role="alert">{describeProblem(query.error)}</p>}
    </>
  );
}

export function ListStatus({
  query,
  shown,
  noun,
  filtered = false,
  loading,
  empty,
}: {
  query: ListQuery;
  shown: number;
  noun: ListNoun;
  filtered?: boolean;
  /** What the loading indicator says. */
  loading: string;
  /** What an empty list says, when the default (no rows yet, or none match) does not fit. */
  empty?: string;
}) {
  return (
    <>
      <QueryStatus query={query} loading={loading} />
      <p role="status" className="result-count">
        {query.isSuccess && listCountWords(shown, noun, { filtered, more: Boolean(query.hasNextPage), empty })}
      </p>
    </>
  );
}
