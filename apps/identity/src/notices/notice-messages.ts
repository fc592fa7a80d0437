import { BREACH_NOTIFICATION_HOURS } from '@pt/contracts';
import { OutgoingMail } from '../mail/mailer';

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
