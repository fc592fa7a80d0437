/**
 * The one-time token of an emailed link (`…#token=<secret>`), read from the address's
 * fragment, which browsers never send to a server; null when there is none.
 */
export function tokenFromHash(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token ? token : null;
}
