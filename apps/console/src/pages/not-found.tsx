import { Link } from 'react-router';
import { usePageTitle } from '../components/page-title';

export default function NotFound() {
  usePageTitle('Page not found');
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is no page at this address. <Link to="/">Go to the start page</Link>.
      </p>
    </>
  );
}

/** An area whose pages are still to come: said plainly rather than shown empty. */
export function NotYet() {
  usePageTitle('Not available yet');
  return (
    <>
      <h1>Not available yet</h1>
      <p>This part of the console is not built yet. Everything it will show is available through the API at /api/v1.</p>
    </>
  );
}
