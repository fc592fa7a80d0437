import { OutgoingMail } from './mailer';

interface Recipient {
  id: string;
  email: string;
  firstName: string;
}

/**
 * Links carry their one-time token in the fragment (`#token=`), which browsers never send
 * to a server, so it cannot end up in a web server's access log or a Referer header; the
 * web app reads it and posts it to the API.
 */
export function tokenLink(baseUrl: string, path: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${path}#token=${encodeURIComponent(token)}`;
}

export function invitationMail(
  user: Recipient,
  link: string,
  expiresAt: Date,
  kind: 'staff' | 'platform',
): OutgoingMail {
  const where = kind === 'platform' ? 'the pupil tracking platform (staff account)' : 'your school on Pupil Tracking';
  return {
    kind: 'invitation',
    userId: user.id,
    to: user.email,
    subject: 'Your Pupil Tracking account: set your password',
    text: [
      `Hello ${user.firstName},`,
      '',
      `An account has been created for you on ${where}.`,
      'Choose your password with this link (it works once):',
      '',
      link,
      '',
      `The link expires at ${expiresAt.toISOString()}. If it has expired, ask your administrator for a new one.`,
      'If you did not expect this message, you can ignore it.',
    ].join('\n'),
  };
}

export function passwordResetMail(user: Recipient, link: string, ttlMinutes: number): OutgoingMail {
  return {
    kind: 'password-reset',
    userId: user.id,
    to: user.email,
    subject: 'Reset your Pupil Tracking password',
    text: [
      `Hello ${user.firstName},`,
      '',
      'Someone (hopefully you) asked to reset the password of your Pupil Tracking account.',
      `Choose a new password with this link; it works once and expires in ${ttlMinutes} minutes:`,
      '',
      link,
      '',
      'If you did not ask for this, ignore this message: your password stays as it is.',
    ].join('\n'),
  };
}

/**
 * Every marketing message carries the signed unsubscribe link, in the body and as
 * List-Unsubscribe (RFC 2369), so it can be withdrawn in one click without signing
 * in (P9). Only users who opted in may be sent one (see MarketingService).
 */
export function marketingMail(user: Recipient, subject: string, body: string, unsubscribeUrl: string): OutgoingMail {
  return {
    kind: 'marketing',
    userId: user.id,
    to: user.email,
    subject,
    text: [
      body,
      '',
      '--',
      'You receive this because you opted in to news from Pupil Tracking.',
      `Unsubscribe: ${unsubscribeUrl}`,
    ].join('\n'),
    headers: { 'List-Unsubscribe': `<${unsubscribeUrl}>` },
  };
}
