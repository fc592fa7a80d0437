import { Injectable } from '@nestjs/common';
import {
  ACCESS_REVIEW_RECORDED,
  AccessReviewList,
  AccessReviewRecord,
  AccessReviewReport,
  RecordAccessReviewRequest,
} from '@pt/contracts';
import { pageOf, UnitOfWork } from '@pt/persistence';
import { SchoolContext, stageEvent, uuid7 } from '@pt/platform';
import { IdentityConfig } from '../identity.config';
import { SchoolRepository } from '../schools/school.repository';
import { AccessReview } from './access-review.entity';
import { AccessReviewRepository } from './access-review.repository';
import { UserRepository } from './user.repository';
import { toAccessReviewEntry } from './user-view';
import { cursorAfter } from './user-rules';

const DAY_MS = 86_400_000;

/**
 * P8: schools review who has access each term. The report lists every staff account with
 * its roles, status and last sign-in, flagging accounts nobody uses; recording a review
 * keeps who did it and when; the list of reviews says when the next one is due and is
 * `overdue` (the reminder) once a term has passed without one.
 */
@Injectable()
export class AccessReviewService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly config: IdentityConfig,
  ) {}

  async report(ctx: SchoolContext, request: { limit: number; cursor?: string }): Promise<AccessReviewReport> {
    const { tenantId } = ctx;
    const after = cursorAfter(request.cursor, 'id');
    const now = new Date();
    const rows = await this.unitOfWork.forContext(ctx, (em) =>
      new UserRepository(em).page({ kind: 'staff', tenantId }, request.limit, after),
    );
    const page = pageOf(rows, request.limit, (user) => ({ key: user.id, id: user.id }));
    const inactiveBefore = new Date(now.getTime() - this.config.ACCESS_REVIEW_INACTIVE_DAYS * DAY_MS);
    return {
      generatedAt: now.toISOString(),
      inactiveAfterDays: this.config.ACCESS_REVIEW_INACTIVE_DAYS,
      items: page.items.map((user) => toAccessReviewEntry(user, inactiveBefore)),
      nextCursor: page.nextCursor,
    };
  }

  record(ctx: SchoolContext, request: RecordAccessReviewRequest): Promise<AccessReviewRecord> {
    const { tenantId } = ctx;
    return this.unitOfWork.forContext(ctx, async (em) => {
      const users = new UserRepository(em);
      const inactiveBefore = new Date(Date.now() - this.config.ACCESS_REVIEW_INACTIVE_DAYS * DAY_MS);
      const review = new AccessReview();
      review.id = uuid7();
      review.tenantId = tenantId;
      review.reviewedBy = ctx.actor.id!;
      review.notes = request.notes?.trim() || null;
      review.userCount = await users.countStaff(tenantId);
      review.inactiveCount = await users.countInactiveStaff(tenantId, inactiveBefore);
      new AccessReviewRepository(em).add(review);
      stageEvent(em, ACCESS_REVIEW_RECORDED, ctx, { reviewId: review.id });
      return toRecord(review);
    });
  }

  async list(ctx: SchoolContext, request: { limit: number; cursor?: string }): Promise<AccessReviewList> {
    const { tenantId } = ctx;
    const after = cursorAfter(request.cursor, 'time');
    const { rows, latest, school } = await this.unitOfWork.forContext(ctx, async (em) => {
      const reviews = new AccessReviewRepository(em);
      return {
        rows: await reviews.page(tenantId, request.limit, after),
        latest: await reviews.latest(tenantId),
        school: await new SchoolRepository(em).findById(tenantId),
      };
    });
    const page = pageOf(rows, request.limit, (review) => ({ key: review.reviewedAt.toISOString(), id: review.id }));
    const intervalMs = this.config.ACCESS_REVIEW_INTERVAL_DAYS * DAY_MS;
    // A new school's first review falls due a term after it joined, not on its first day.
    const since = latest?.reviewedAt ?? school?.createdAt ?? new Date();
    const nextDueAt = new Date(since.getTime() + intervalMs);
    return {
      items: page.items.map(toRecord),
      nextCursor: page.nextCursor,
      lastReviewedAt: latest?.reviewedAt.toISOString() ?? null,
      nextDueAt: nextDueAt.toISOString(),
      overdue: Date.now() > nextDueAt.getTime(),
      intervalDays: this.config.ACCESS_REVIEW_INTERVAL_DAYS,
    };
  }
}

function toRecord(review: AccessReview): AccessReviewRecord {
  return {
    id: review.id,
    reviewedBy: review.reviewedBy,
    reviewedAt: review.reviewedAt.toISOString(),
    notes: review.notes,
    userCount: review.userCount,
    inactiveCount: review.inactiveCount,
  };
}
