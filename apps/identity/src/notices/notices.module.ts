import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { NoticesController } from './notices.controller';
import { NoticesService } from './notices.service';
import { WebhookDisabledNoticeConsumer } from './webhook-disabled-notice.consumer';

/** Notices to schools: breaches (P23) and rights-request reminders (P21), by email and in-app; and to platform finance, of a disabled webhook endpoint. */
@Module({
  imports: [MailModule],
  controllers: [NoticesController],
  providers: [NoticesService, WebhookDisabledNoticeConsumer],
})
export class NoticesModule {}
