import { Module } from '@nestjs/common';
import { PupilEventsConsumer } from './pupil-events.consumer';
import { PupilRoll } from './pupil-roll';

/**
 * Assessment's own read model of pupil-records' pupils: who exists, and the attributes
 * analysis groups by, as they stood over time (issue 13, item 5). Results and targets
 * check the pupils they are given with PupilRoll; queries join PupilPeriodRepository's table.
 */
@Module({ providers: [PupilEventsConsumer, PupilRoll], exports: [PupilRoll] })
export class PupilsModule {}
