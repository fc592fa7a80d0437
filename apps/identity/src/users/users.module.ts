import { Module } from '@nestjs/common';
import { CredentialsModule } from '../credentials/credentials.module';
import { MailModule } from '../mail/mail.module';
import { SessionsModule } from '../sessions/sessions.module';
import { AccessReviewController } from './access-review.controller';
import { AccessReviewService } from './access-review.service';
import { BootstrapAdmin } from './bootstrap-admin';
import { AccountLinks, InvitationResender } from './invitations';
import { PasswordLinksController } from './password-links.controller';
import { PasswordLinksService } from './password-links.service';
import { PlatformUsersController } from './platform-users.controller';
import { PlatformUsersService } from './platform-users.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Staff and platform accounts (P1, P10), their emailed links (P6) and access reviews (P8). */
@Module({
  imports: [CredentialsModule, MailModule, SessionsModule],
  controllers: [UsersController, PlatformUsersController, PasswordLinksController, AccessReviewController],
  providers: [
    AccountLinks,
    InvitationResender,
    UsersService,
    PlatformUsersService,
    PasswordLinksService,
    AccessReviewService,
    BootstrapAdmin,
  ],
})
export class UsersModule {}
