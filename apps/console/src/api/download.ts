// Files the API answers (invoice and credit-note PDFs, the audit trail's CSV) saved through the browser: fetched with
// the session cookie, then handed to the browser as a blob, so the address holds ids only and
// the file's name comes from the API's Content-Disposition.
import { problemFrom } from './problem';

function fileNameFrom(disposition: string | null, fallback: string): string {
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition ?? '');
  return match ? decodeURIComponent(match[1]) : fallback;
}

/** Resolves with the response's headers once the browser has the file (what the API said about it, e.g. a truncated export). */
export async function downloadFile(path: string, fallbackName: string, accept = 'application/pdf'): Promise<Headers> {
  const response = await fetch(path, {
    credentials: 'same-origin',
    headers: { accept: `${accept}, application/problem+json` },
  });
  if (!response.ok) {
    const type = response.headers.get('content-type') ?? '';
    const body = type.includes('json') ? await response.json().catch(() => undefined) : undefined;
    throw problemFrom(response.status, body, response.headers.get('retry-after'));
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameFrom(response.headers.get('content-disposition'), fallbackName);
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled; the blob is not needed after.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return response.headers;
}
