import { Module } from '@nestjs/common';
import { SchoolStatusConsumer } from './school-status.consumer';

/** Billing customers: schools that signed their data processing terms. Lower than subscriptions, which read them. */
@Module({ providers: [SchoolStatusConsumer] })
export class CustomersModule {}
