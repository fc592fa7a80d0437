import { Injectable } from '@nestjs/common';
import {
  BillingContactNoticeKind,
  ISO_DATE,
  isUuid,
  NotifyBillingContactRequest,
  matchesFormat,
  MessageContext,
  NOTICE_CREATED,
  NoticePage,
  NoticeSubject,
  NoticeView,
  NotifyRightsManagersRequest,
  NotifySchoolAdminsReply,
  NotifySchoolAdminsRequest,
  SchoolNotified,
} from '@pt/contracts';
import { decodeCursor, pageOf, tenantScope, UnitOfWork } from '@pt/persistence';
import { BusException, holds, SchoolContext, stageEvent, uuid7 } from '@pt/platform';
import { IdentityConfig } from '../identity.config';
import { Mailer, OutgoingMail } from '../mail/mailer';
import { SchoolRoleCatalog } from '../roles/role-catalog';
import { SchoolRepository } from '../schools/school.repository';
import { UserRepository } from '../users/user.repository';
import {
  breachNoticeMail,
  breachNoticeText,
  noticeText,
  rightsReminderMail,
  rightsReminderText,
} from './notice-messages';
import { billingContactMail, lifecycleNoticeText } from './billing-contact-messages';
import { SchoolNotice } from './notice.entity';
import { NoticeRepository } from './notice.repository';

const BILLING_NOTICE_KINDS: BillingContactNoticeKind[] = ['expiry-30', 'expiry-7', 'purge-30', 'purge-7'];

/**
 * Platform notices to schools (P23): each affected school's admins (active staff who can
 * manage users) are emailed and the school gets one in-app notice per incident. Asked by
 * platform services over the bus; idempotent per school and incident, so a retry neither
 * duplicates the notice nor emails anyone twice.
 */
@Injectable()
export class NoticesService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly mailer: Mailer,
    private readonly config: IdentityConfig,
  ) {}

  async notify(ctx: MessageContext, request: NotifySchoolAdminsRequest): Promise<NotifySchoolAdminsReply> {
    const detectedAt = new Date(request.detectedAt);
    if (Number.isNaN(detectedAt.getTime())) {
      throw BusException.validation([{ field: 'detectedAt', message: 'must be an ISO 8601 date-time' }]);
    }
    const schools: SchoolNotified[] = [];
    for (const schoolId of [...new Set(request.schoolIds)]) {
      const { notified, mails } = await this.unitOfWork.run(tenantScope(schoolId), async (em) => {
        if (!(await new SchoolRepository(em).findById(schoolId))) {
          throw BusException.notFound('school.not_found', 'The school does not exist');
        }
        const notices = new NoticeRepository(em);
        const existing = await notices.findFor(schoolId, request.subject, request.incidentId);
        if (existing) return { notified: notifiedOf(existing), mails: [] as OutgoingMail[] };
        const catalog = await SchoolRoleCatalog.load(em, schoolId);
        const admins = await new UserRepository(em).activeStaffWithAnyRole(
          schoolId,
          catalog.rolesGranting('users:manage'),
        );
        const notice = Object.assign(new SchoolNotice(), {
          id: uuid7(),
          tenantId: schoolId,
          subject: request.subject,
          incidentId: request.incidentId,
          detectedAt,
          recipients: admins.length,
          createdAt: new Date(),
        });
        notices.add(notice);
        stageEvent(
          em,
          NOTICE_CREATED,
          { ...ctx, tenantId: schoolId },
          {
            noticeId: notice.id,
            schoolId,
            incidentId: request.incidentId,
            recipients: admins.length,
          },
        );
        const text = breachNoticeText(request.incidentId, detectedAt);
        return {
          notified: notifiedOf(notice),
          mails: admins.map((admin) => breachNoticeMail(admin, text, this.config.PUBLIC_APP_URL)),
        };
      });
      // After commit, and not awaited: the reply must not wait for the mail server.
      for (const mail of mails) void this.mailer.send(mail);
      schools.push(notified);
    }
    return { schools };
  }

  /**
   * A reminder about one rights request (P21) to the school's staff who can manage rights
   * requests: an email each and one in-app notice per request and stage. Asked by audit's
   * reminder job (system actor) for the school in ctx; a repeat changes nothing.
   */
  async remindRightsManagers(ctx: SchoolContext, request: NotifyRightsManagersRequest): Promise<SchoolNotified> {
    const schoolId = ctx.tenantId;
    const dueOn = new Date(`${request.dueOn}T00:00:00Z`);
    if (!matchesFormat(request.dueOn, ISO_DATE) || Number.isNaN(dueOn.getTime())) {
      throw BusException.validation([{ field: 'dueOn', message: 'must be a date (YYYY-MM-DD)' }]);
    }
    if (request.stage !== 'due-soon' && request.stage !== 'overdue') {
      throw BusException.validation([{ field: 'stage', message: 'must be due-soon or overdue' }]);
    }
    const subject = request.stage === 'overdue' ? 'rights-overdue' : 'rights-due-soon';
    const { notified, mails } = await this.unitOfWork.run(tenantScope(schoolId), async (em) => {
      const notices = new NoticeRepository(em);
      const existing = await notices.findFor(schoolId, subject, request.requestId);
      if (existing) return { notified: notifiedOf(existing), mails: [] as OutgoingMail[] };
      const catalog = await SchoolRoleCatalog.load(em, schoolId);
      const managers = await new UserRepository(em).activeStaffWithAnyRole(
        schoolId,
        catalog.rolesGranting('rights:manage'),
      );
      const notice = Object.assign(new SchoolNotice(), {
        id: uuid7(),
        tenantId: schoolId,
        subject,
        incidentId: request.requestId,
        detectedAt: dueOn,
        recipients: managers.length,
        createdAt: new Date(),
      });
      notices.add(notice);
      stageEvent(em, NOTICE_CREATED, ctx, {
        noticeId: notice.id,
        schoolId,
        incidentId: request.requestId,
        recipients: managers.length,
      });
      const text = rightsReminderText(subject, request.requestId, dueOn);
      return {
        notified: notifiedOf(notice),
        mails: managers.map((manager) => rightsReminderMail(manager, text, this.config.PUBLIC_APP_URL)),
      };
    });
    // After commit, and not awaited, as for breach notices.
    for (const mail of mails) void this.mailer.send(mail);
    return notified;
  }

  /**
   * P25: billing's lifecycle notice to the school's billing contact (30 and 7 days before
   * expiry, and before the purge): one email to the address billing holds and one in-app
   * notice for the school's staff, once per billing notice id, however often billing asks
   * (it asks again until an answer reaches it).
   */
  async notifyBillingContact(ctx: SchoolContext, request: NotifyBillingContactRequest): Promise<SchoolNotified> {
    const schoolId = ctx.tenantId;
    const day = new Date(`${request.day}T00:00:00Z`);
    const problems: { field: string; message: string }[] = [];
    if (!matchesFormat(request.day, ISO_DATE) || Number.isNaN(day.getTime())) {
      problems.push({ field: 'day', message: 'must be a date (YYYY-MM-DD)' });
    }
    if (!isUuid(request.noticeId)) problems.push({ field: 'noticeId', message: 'must be a uuid' });
    if (!BILLING_NOTICE_KINDS.includes(request.kind)) {
      problems.push({ field: 'kind', message: `must be one of ${BILLING_NOTICE_KINDS.join(', ')}` });
    }
    if (typeof request.to !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(request.to)) {
      problems.push({ field: 'to', message: 'must be an email address' });
    }
    if (problems.length) throw BusException.validation(problems);
    const subject = request.kind.startsWith('expiry') ? 'subscription-expiry' : 'school-purge';
    const { notified, mail } = await this.unitOfWork.run(tenantScope(schoolId), async (em) => {
      const notices = new NoticeRepository(em);
      const existing = await notices.findFor(schoolId, subject, request.noticeId);
      if (existing) return { notified: notifiedOf(existing), mail: null };
      const notice = Object.assign(new SchoolNotice(), {
        id: uuid7(),
        tenantId: schoolId,
        subject,
        incidentId: request.noticeId,
        detectedAt: day,
        recipients: 1,
        createdAt: new Date(),
      });
      notices.add(notice);
      stageEvent(em, NOTICE_CREATED, ctx, {
        noticeId: notice.id,
        schoolId,
        incidentId: request.noticeId,
        recipients: 1,
      });
      return {
        notified: notifiedOf(notice),
        mail: billingContactMail(notice.id, request.to, lifecycleNoticeText(subject, day)),
      };
    });
    // After commit, and not awaited, as for breach notices.
    if (mail) void this.mailer.send(mail);
    return notified;
  }

  /** The signed-in staff member's own school's notices, newest first. */
  async list(ctx: SchoolContext, request: { limit: number; cursor?: string }): Promise<NoticePage> {
    const { tenantId } = ctx;
    const after = request.cursor ? decodeCursor(request.cursor) : null;
    if (request.cursor && !after)
      throw BusException.validation([{ field: 'cursor', message: 'is not a valid cursor' }]);
    const limit = Number.isInteger(request.limit) ? Math.max(1, Math.min(request.limit, 200)) : 50;
    // Rights reminders are for the staff who handle rights requests (P21); breach notices are for everyone.
    const subjects: NoticeSubject[] | undefined = holds(ctx, 'rights:manage')
      ? undefined
      : ['breach', 'subscription-expiry', 'school-purge'];
    const rows = await this.unitOfWork.run(tenantScope(tenantId), (em) =>
      new NoticeRepository(em).page(tenantId, limit, after, subjects),
    );
    const page = pageOf(rows, limit, (notice) => ({ key: notice.createdAt.toISOString(), id: notice.id }));
    return { items: page.items.map(toNoticeView), nextCursor: page.nextCursor };
  }
}

function notifiedOf(notice: SchoolNotice): SchoolNotified {
  return { schoolId: notice.tenantId, notifiedAt: notice.createdAt.toISOString(), recipients: notice.recipients };
}

function toNoticeView(notice: SchoolNotice): NoticeView {
  const text = noticeText(notice.subject, notice.incidentId, notice.detectedAt);
  return {
    id: notice.id,
    subject: notice.subject,
    incidentId: notice.incidentId,
    title: text.title,
    body: text.body,
    detectedAt: notice.detectedAt.toISOString(),
    deadline: text.deadline.toISOString(),
    createdAt: notice.createdAt.toISOString(),
  };
}
