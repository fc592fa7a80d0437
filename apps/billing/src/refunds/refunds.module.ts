import { Module } from '@nestjs/common';
import { RefundsService } from './refunds.service';

/** Refunds out of a school's account credit, and credit used to pay its invoices (through the finance API). */
@Module({
  providers: [RefundsService],
  exports: [RefundsService],
})
export class RefundsModule {}
