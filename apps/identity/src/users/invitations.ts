import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { MessageContext, USER_INVITATION_RENEWED, UserView } from '@pt/contracts';
import { UnitOfWork } from '@pt/persistence';
import { BusException, stageEvent } from '@pt/platform';
import { IdentityConfig } from '../identity.config';
import { Mailer, OutgoingMail } from '../mail/mailer';
import { invitationMail, passwordResetMail, tokenLink } from '../mail/messages';
import { UserAccount, UserKind } from './user.entity';
import { UserRepository } from './user.repository';
import { toUserView } from './user-view';
import { UserTokenRepository } from './user-token.repository';

/**
 * The emailed one-time links. Each is issued inside the transaction that needs it (so a
 * rolled-back change leaves no working link) and returns the message to send once that
 * transaction has committed (so nobody is emailed about a change that did not happen);
 * the reply does not wait for the mail server (see Mailer.send).
 */
@Injectable()
export class AccountLinks {
  constructor(private readonly config: IdentityConfig) {}

  async invitation(em: EntityManager, user: UserAccount): Promise<OutgoingMail> {
    const ttlMs = this.config.INVITATION_TTL_HOURS * 3600_000;
    const { secret, expiresAt } = await new UserTokenRepository(em).issue(user, 'set-password', ttlMs);
    return invitationMail(user, tokenLink(this.config.PUBLIC_APP_URL, 'set-password', secret), expiresAt, user.kind);
  }

  async passwordReset(em: EntityManager, user: UserAccount): Promise<OutgoingMail> {
    const minutes = this.config.PASSWORD_RESET_TTL_MINUTES;
    const { secret } = await new UserTokenRepository(em).issue(user, 'password-reset', minutes * 60_000);
    return passwordResetMail(user, tokenLink(this.config.PUBLIC_APP_URL, 'reset-password', secret), minutes);
  }
}

/** A fresh set-password link for someone whose invitation was lost or expired; older links stop working. */
@Injectable()
export class InvitationResender {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly links: AccountLinks,
    private readonly mailer: Mailer,
  ) {}

  async resend(ctx: MessageContext, userId: string, kind: UserKind, notFound: () => Error): Promise<UserView> {
    const { view, mail } = await this.unitOfWork.forContext(ctx, async (em) => {
      const user = await new UserRepository(em).findOfKindForUpdate(userId, kind);
      if (!user) throw notFound();
      if (user.status !== 'invited') {
        throw BusException.conflict(
          'user.not_invited',
          'Only an invited user who has not set a password yet can be sent an invitation',
        );
      }
      const mail = await this.links.invitation(em, user);
      stageEvent(em, USER_INVITATION_RENEWED, ctx, { userId: user.id });
      return { view: toUserView(user), mail };
    });
    void this.mailer.send(mail);
    return view;
  }
}
