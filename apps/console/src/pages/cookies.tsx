import { usePageTitle } from '../components/page-title';

/**
 * Every cookie the platform sets (apps/gateway/src/auth/cookies.ts), and nothing else: the
 * console loads no third-party scripts, fonts or analytics, so there are no others to list.
 */
const COOKIES = [
  {
    name: '__Host-pt_access',
    purpose: 'Keeps you signed in: a short-lived, signed token saying which session this browser belongs to.',
    lasts: 'Minutes (until the token expires; renewed while you use the console)',
    kind: 'Strictly necessary',
  },
  {
    name: '__Host-pt_refresh',
    purpose: 'Renews the sign-in cookie without asking for your password again, until the session ends.',
    lasts: 'Until the session ends or you sign out',
    kind: 'Strictly necessary',
  },
  {
    name: 'pt_csrf',
    purpose: 'Protects your session from other websites: the console sends it back with every change you make.',
    lasts: 'Until the session ends or you sign out',
    kind: 'Strictly necessary',
  },
  {
    name: 'pt_username',
    purpose: 'Only if you ticked "Remember my username": your username, to fill in the sign-in form. Nothing else.',
    lasts: '13 months, or until you sign in without ticking the box',
    kind: 'Optional (your choice)',
  },
];

export default function Cookies() {
  usePageTitle('Cookies');
  return (
    <>
      <h1>Cookies</h1>
      <p>
        The console uses only the cookies below. It sets no advertising or analytics cookies, and loads no scripts,
        fonts or images from other websites.
      </p>
      <table>
        <caption>Cookies the platform sets</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Purpose</th>
            <th scope="col">How long it lasts</th>
            <th scope="col">Type</th>
          </tr>
        </thead>
        <tbody>
          {COOKIES.map((cookie) => (
            <tr key={cookie.name}>
              <th scope="row">
                <code>{cookie.name}</code>
              </th>
              <td>{cookie.purpose}</td>
              <td>{cookie.lasts}</td>
              <td>{cookie.kind}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
