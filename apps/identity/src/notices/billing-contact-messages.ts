import { OutgoingMail } from '../mail/mailer';
import { NoticeText } from './notice-messages';

export type LifecycleNoticeSubject = 'subscription-expiry' | 'school-purge';

/**
 * What a school is told before its subscription expires or its data is purged (P25): the
 * day and what it means, from the platform's own words and the date only.
 */
export function lifecycleNoticeText(subject: LifecycleNoticeSubject, day: Date): NoticeText {
  const on = day.toISOString().slice(0, 10);
  return subject === 'subscription-expiry'
    ? {
        title: 'Your Pupil Tracking subscription is ending',
        body: [
          `Your school's subscription ends before ${on} unless it is renewed.`,
          'From that day your staff can read your data but not change it, each access to pupil data is charged,',
          "and six months later all of your school's data is deleted from the platform.",
          'Contact us to renew.',
        ].join('\n'),
        deadline: day,
      }
    : {
        title: "Your school's data will be deleted",
        body: [
          `Your school's subscription has expired, and all of its data will be deleted from the platform on ${on}.`,
          'Export anything you need to keep before then, or contact us to renew.',
          'Invoices and payments are kept for six years after the end of the financial year, as the law requires.',
        ].join('\n'),
        deadline: day,
      };
}

export function billingContactMail(noticeId: string, to: string, text: NoticeText): OutgoingMail {
  return {
    kind: 'billing-notice',
    // The mail's log line names the notice (there is no user: the contact is an address billing holds).
    userId: noticeId,
    to,
    subject: `Pupil Tracking: ${text.title.toLowerCase()}`,
    text: ['Hello,', '', text.body].join('\n'),
  };
}
