import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Reads the .eml files identity writes when no SMTP server is configured (MAIL_DIR), as a
 * person opening them would: used by tests and by the demo seed to follow emailed links.
 */
export interface Mail {
  file: string;
  headers: Record<string, string>;
  text: string;
}

/** Every .eml written so far, decoded (quoted-printable bodies as nodemailer writes them). */
export function readMails(mailDir: string): Mail[] {
  if (!existsSync(mailDir)) return [];
  return readdirSync(mailDir)
    .filter((name) => name.endsWith('.eml'))
    .sort()
    .map((name) => parseEml(name, readFileSync(join(mailDir, name), 'utf8')));
}

function parseEml(file: string, raw: string): Mail {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = rest.join('\n\n');
  if (/quoted-printable/i.test(headers['content-transfer-encoding'] ?? '')) {
    body = Buffer.from(
      body
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    ).toString('utf8');
  } else if (/base64/i.test(headers['content-transfer-encoding'] ?? '')) {
    body = Buffer.from(body, 'base64').toString('utf8');
  }
  return { file, headers, text: body };
}

export function mailsTo(mailDir: string, to: string, kind: string): Mail[] {
  return readMails(mailDir).filter(
    (mail) => mail.headers.to?.toLowerCase() === to.toLowerCase() && mail.headers['x-pupil-tracking-kind'] === kind,
  );
}

/** The one-time token of a link in a message (`…#token=<secret>`). */
export function tokenIn(mail: Mail): string {
  const match = /#token=([A-Za-z0-9_%-]+)/.exec(mail.text);
  if (!match) throw new Error('no token link in the message');
  return decodeURIComponent(match[1]);
}
