import { Controller } from '@nestjs/common';
import {
  ACCESS_REVIEW_REPORT,
  AccessReviewList,
  AccessReviewRecord,
  AccessReviewReport,
  LIST_ACCESS_REVIEWS,
  RECORD_ACCESS_REVIEW,
  RecordAccessReviewRequest,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgCtx, MsgData, SchoolContext, SchoolCtx } from '@pt/platform';
import { AccessReviewService } from './access-review.service';

/** P8: the access-review report and the record of termly reviews. */
@Controller()
export class AccessReviewController {
  constructor(private readonly reviews: AccessReviewService) {}

  @Handles(ACCESS_REVIEW_REPORT)
  @Access(Allow.school('users:manage'))
  report(
    @SchoolCtx() ctx: SchoolContext,
    @MsgData() data: { limit: number; cursor?: string },
  ): Promise<AccessReviewReport> {
    return this.reviews.report(ctx, data);
  }

  @Handles(RECORD_ACCESS_REVIEW)
  @Access(Allow.school('users:manage'))
  record(@SchoolCtx() ctx: SchoolContext, @MsgData() data: RecordAccessReviewRequest): Promise<AccessReviewRecord> {
    return this.reviews.record(ctx, data);
  }

  @Handles(LIST_ACCESS_REVIEWS)
  @Access(Allow.school('users:manage'))
  list(
    @SchoolCtx() ctx: SchoolContext,
    @MsgData() data: { limit: number; cursor?: string },
  ): Promise<AccessReviewList> {
    return this.reviews.list(ctx, data);
  }
}
