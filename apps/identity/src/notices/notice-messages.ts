import { BREACH_NOTIFICATION_HOURS, NoticeSubject } from '@pt/contracts';
import { OutgoingMail } from '../mail/mailer';
import { lifecycleNoticeText } from './billing-contact-messages';

interface Recipient {
  id: string;
  email: string;
  firstName: string;
}

export interface BreachNoticeText {
  title: string;
  body: string;
  deadline: Date;
}

/**
 * What a school is told of a breach affecting it (P23): the incident's reference, when it
 * was detected and the school's 72-hour deadline. Written by the platform from ids and
 * times only, so it can carry no personal data of pupils (or anyone else).
 */
export function breachNoticeText(incidentId: string, detectedAt: Date): BreachNoticeText {
  const deadline = new Date(detectedAt.getTime() + BREACH_NOTIFICATION_HOURS * 3_600_000);
  return {
    title: 'Personal data breach affecting your school',
    body: [
      'The Pupil Tracking platform has recorded a personal data breach that affects your school.',
      `Incident reference: ${incidentId}`,
      `Detected at: ${detectedAt.toISOString()}`,
      `As data controller you may need to report it to the ICO within ${BREACH_NOTIFICATION_HOURS} hours of detection, ` +
        `that is by ${deadline.toISOString()}.`,
      'You can read this notice when signed in to Pupil Tracking; the platform will follow up with the details.',
    ].join('\n'),
    deadline,
  };
}

export function breachNoticeMail(user: Recipient, text: BreachNoticeText, appUrl: string): OutgoingMail {
  return {
    kind: 'breach-notice',
    userId: user.id,
    to: user.email,
    subject: `Pupil Tracking: ${text.title.toLowerCase()}`,
    text: [`Hello ${user.firstName},`, '', text.body, '', `${appUrl.replace(/\/+$/, '')}/notices`].join('\n'),
  };
}

export interface NoticeText {
  title: string;
  body: string;
  deadline: Date;
}

/** The text of a stored notice of any subject (the in-app list shows each in its own words). */
export function noticeText(subject: NoticeSubject, referenceId: string, at: Date): NoticeText {
  if (subject === 'subscription-expiry' || subject === 'school-purge') return lifecycleNoticeText(subject, at);
  return subject === 'breach' ? breachNoticeText(referenceId, at) : rightsReminderText(subject, referenceId, at);
}

/**
 * A reminder that a data-subject rights request (P21) is due soon or overdue: the
 * register's reference and due date only, never who the request is about.
 */
export function rightsReminderText(
  subject: 'rights-due-soon' | 'rights-overdue',
  requestId: string,
  dueOn: Date,
): NoticeText {
  const due = dueOn.toISOString().slice(0, 10);
  const overdue = subject === 'rights-overdue';
  return {
    title: overdue ? 'A data-subject rights request is overdue' : 'A data-subject rights request is due soon',
    body: [
      overdue
        ? `A request in your school's rights register was due on ${due} and has not been completed.`
        : `A request in your school's rights register is due on ${due}.`,
      `Request reference: ${requestId}`,
      'The law gives one calendar month from receipt (extendable once by up to two months, within the first month).',
      'Open the rights register in Pupil Tracking to complete or extend it.',
    ].join('\n'),
    deadline: dueOn,
  };
}

export function rightsReminderMail(user: Recipient, text: NoticeText, appUrl: string): OutgoingMail {
  return {
    kind: 'rights-reminder',
    userId: user.id,
    to: user.email,
    subject: `Pupil Tracking: ${text.title.toLowerCase()}`,
    text: [`Hello ${user.firstName},`, '', text.body, '', `${appUrl.replace(/\/+$/, '')}/rights-requests`].join('\n'),
  };
}

/**
 * Platform finance is told a webhook endpoint was disabled (issue 14, item 8): its id and
 * why, never its URL (which may carry a token of the finance system's).
 */
export function webhookDisabledMail(user: Recipient, endpointId: string, reason: string, appUrl: string): OutgoingMail {
  const why =
    reason === 'gone'
      ? 'Its receiver answered 410 Gone, which asks senders to stop.'
      : 'Every delivery to it has failed for the whole retry window (about three days).';
  return {
    kind: 'webhook-disabled',
    userId: user.id,
    to: user.email,
    subject: 'Pupil Tracking: a finance webhook endpoint was disabled',
    text: [
      `Hello ${user.firstName},`,
      '',
      'A webhook endpoint of your finance systems has been disabled; nothing more is sent to it.',
      `Endpoint reference: ${endpointId}`,
      why,
      'Fix the receiver, enable the endpoint again, and replay what it missed (by time range) from the delivery log.',
      '',
      `${appUrl.replace(/\/+$/, '')}/platform/billing/webhooks`,
    ].join('\n'),
  };
}
