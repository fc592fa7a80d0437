import { Module } from '@nestjs/common';
import { Mailer } from './mailer';

/** Email out (SMTP, or .eml files without a server): invitations, resets, notices. */
@Module({ providers: [Mailer], exports: [Mailer] })
export class MailModule {}
