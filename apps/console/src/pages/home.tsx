import { Link } from 'react-router';
import { NAV_ITEMS } from '../components/layout';
import { usePageTitle } from '../components/page-title';
import { useSession } from '../session';

export default function Home() {
  usePageTitle('Start');
  const { me, permissions } = useSession();
  const items = NAV_ITEMS.filter((item) => item.needs.some((p) => permissions.has(p)));
  return (
    <>
      <h1>Welcome, {me?.username}</h1>
      <p>{me?.kind === 'platform' ? 'You are signed in as platform staff.' : 'You are signed in to your school.'}</p>
      {items.length > 0 ? (
        <>
          <h2>What you can do</h2>
          <ul>
            {items.map((item) => (
              <li key={item.to}>
                <Link to={item.to}>{item.label}</Link>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>Your roles give you nothing to look at in the console yet. Ask your administrator if that seems wrong.</p>
      )}
    </>
  );
}
