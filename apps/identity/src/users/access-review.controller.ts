import { Controller } from '@nestjs/common';
import {
  ACCESS_REVIEW_REPORT,
  AccessReviewList,
  AccessReviewRecord,
  AccessReviewReport,
  LIST_ACCESS_REVIEWS,
  MessageContext,
  RECORD_ACCESS_REVIEW,
  RecordAccessReviewRequest,
} from '@pt/contracts';
import { Handles, MsgCtx, MsgData } from '@pt/platform';
import { AccessReviewService } from './access-review.service';

/** P8: the access-review report and the record of termly reviews. */
@Controller()
export class AccessReviewController {
  constructor(private readonly reviews: AccessReviewService) {}

  @Handles(ACCESS_REVIEW_REPORT)
  report(
    @MsgCtx() ctx: MessageContext,
    @MsgData() data: { limit: number; cursor?: string },
  ): Promise<AccessReviewReport> {
    return this.reviews.report(ctx, data);
  }

  @Handles(RECORD_ACCESS_REVIEW)
  record(@MsgCtx() ctx: MessageContext, @MsgData() data: RecordAccessReviewRequest): Promise<AccessReviewRecord> {
    return this.reviews.record(ctx, data);
  }

  @Handles(LIST_ACCESS_REVIEWS)
  list(@MsgCtx() ctx: MessageContext, @MsgData() data: { limit: number; cursor?: string }): Promise<AccessReviewList> {
    return this.reviews.list(ctx, data);
  }
}
