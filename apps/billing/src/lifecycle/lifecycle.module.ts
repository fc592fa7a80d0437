import { Module } from '@nestjs/common';
import { PlansModule } from '../plans/plans.module';
import { LifecycleController } from './lifecycle.controller';
import { LifecycleService } from './lifecycle.service';
import { PurgeConfirmationsConsumer } from './purge-confirmations.consumer';

/** P25-P27: expiry, grace (read-only, charged reads), purge with its certificate, and retention of financial records. */
@Module({
  imports: [PlansModule],
  controllers: [LifecycleController],
  providers: [LifecycleService, PurgeConfirmationsConsumer],
})
export class LifecycleModule {}
