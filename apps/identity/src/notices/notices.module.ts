import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { NoticesController } from './notices.controller';
import { NoticesService } from './notices.service';

/** Notices to schools: breaches (P23) and rights-request reminders (P21), by email and in-app. */
@Module({ imports: [MailModule], controllers: [NoticesController], providers: [NoticesService] })
export class NoticesModule {}
