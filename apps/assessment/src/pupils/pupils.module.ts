import { Module } from '@nestjs/common';
import { PupilEventsConsumer } from './pupil-events.consumer';

/**
 * Assessment's own read model of pupil-records' pupils: who exists, and the attributes
 * analysis groups by, as they stood over time (issue 13, item 5). Results and the
 * missing-results view read it through PupilPeriodRepository.
 */
@Module({ providers: [PupilEventsConsumer] })
export class PupilsModule {}
