/**
 * A moment as staff read it in the ops and finance tables ("7 Dec 2026, 14:05"): one format for
 * every page, so a breach's deadline and a maintenance window's start read alike. Delivery logs
 * add seconds, where attempts a few seconds apart must be told apart.
 */
export function momentInWords(iso: string, options: { seconds?: boolean } = {}): string {
  return new Date(iso).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    ...(options.seconds ? { second: '2-digit' } : { year: 'numeric' }),
    hour: '2-digit',
    minute: '2-digit',
  });
}
