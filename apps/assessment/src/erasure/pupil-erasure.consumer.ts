import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { isUuid, PUPIL_ERASED } from '@pt/contracts';
import { eraseIdempotentRepliesOf } from '@pt/persistence';
import { eventRoutes, EventConsumers } from '@pt/platform';
import { PupilPeriodRepository } from '../pupils/pupil-period.repository';
import { ResultRepository } from '../results/result.repository';
import { TargetRepository } from '../targets/target.repository';
import { ParentReportRepository } from '../parent-reports/parent-report.repository';
import { QuestionTestRepository } from '../question-analysis/question-test.repository';
import { SecondaryMeasuresRepository } from '../secondary-measures/secondary-measures.repository';

/** Durable: an erasure made while assessment was down is carried out when it comes back. */
export const ASSESSMENT_PUPIL_ERASURE_CONSUMER = 'assessment-pupil-erasure';

/**
 * P17: when pupil-records erases a pupil, everything assessment holds of them goes in the
 * same transaction that records the event: results and their history, targets, prior attainment, marks per question, issued parent reports, and the
 * read model's periods (keeping only the id, so a late event cannot bring the pupil back).
 */
@Injectable()
export class PupilErasureConsumer implements OnApplicationBootstrap {
  constructor(private readonly consumers: EventConsumers) {}

  async onApplicationBootstrap(): Promise<void> {
    const routes = eventRoutes().on(PUPIL_ERASED, async ({ tenantId, data }, em) => {
      if (!tenantId || !isUuid(data?.pupilId)) return;
      const pupilId = data.pupilId.toLowerCase();
      await new ResultRepository(em).eraseOfPupil(tenantId, pupilId);
      await new TargetRepository(em).eraseOfPupil(tenantId, pupilId);
      await new SecondaryMeasuresRepository(em).eraseOfPupil(tenantId, pupilId);
      await new QuestionTestRepository(em).eraseOfPupil(tenantId, pupilId);
      await new ParentReportRepository(em).eraseOfPupil(tenantId, pupilId);
      await new PupilPeriodRepository(em).erase(tenantId, [pupilId]);
      // Idempotency-Key replies recorded with earlier writes (a result, a target) may name the pupil.
      await eraseIdempotentRepliesOf(em, tenantId, pupilId);
    });
    await this.consumers.start({
      durable: ASSESSMENT_PUPIL_ERASURE_CONSUMER,
      subjects: routes.subjects,
      handle: routes.handle,
    });
  }
}
