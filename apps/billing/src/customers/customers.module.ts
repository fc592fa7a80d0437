import { Module } from '@nestjs/common';
import { PupilRollConsumer } from './pupil-roll.consumer';
import { SchoolStatusConsumer } from './school-status.consumer';

/** Billing customers: schools that signed their data processing terms, and each school's roll. Lower than subscriptions, which read them. */
@Module({ providers: [SchoolStatusConsumer, PupilRollConsumer] })
export class CustomersModule {}
