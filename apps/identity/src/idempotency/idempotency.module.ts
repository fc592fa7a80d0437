import { Module } from '@nestjs/common';
import { IdempotencyController } from './idempotency.controller';

/** The gateway's Idempotency-Key records, shared by every gateway replica. */
@Module({ controllers: [IdempotencyController] })
export class IdempotencyModule {}
