import { Injectable } from '@nestjs/common';
import {
  isUuid,
  MARKETING_PREFERENCE_CHANGED,
  MarketingPreference,
  MessageContext,
  UnsubscribeRequest,
} from '@pt/contracts';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { BusException, stageEvent } from '@pt/platform';
import { IdentityConfig } from '../identity.config';
import { OutgoingMail } from '../mail/mailer';
import { marketingMail } from '../mail/messages';
import { UserAccount } from '../users/user.entity';
import { UserRepository } from '../users/user.repository';
import { isValidUnsubscribeSignature, unsubscribeUrl } from './unsubscribe-signature';

const forgedLink = () => BusException.forbidden('unsubscribe.invalid_signature', 'The unsubscribe link is not valid');

/**
 * P9: marketing is opt-in (off until the user turns it on), can be withdrawn at any time
 * by the user, and every marketing message carries a signed link that withdraws it
 * without signing in.
 */
@Injectable()
export class MarketingService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly config: IdentityConfig,
  ) {}

  /** The signed-in user's own preference (their access rule admits only the signed in). */
  async get(ctx: MessageContext): Promise<MarketingPreference> {
    const userId = ctx.actor.id!;
    const user = await this.unitOfWork.forContext(ctx, (em) => new UserRepository(em).findById(userId));
    if (!user) throw BusException.notFound('user.not_found', 'The user does not exist');
    return toPreference(user);
  }

  set(ctx: MessageContext, optIn: boolean): Promise<MarketingPreference> {
    const userId = ctx.actor.id!;
    return this.unitOfWork.forContext(ctx, async (em) => {
      const user = await new UserRepository(em).findById(userId);
      if (!user) throw BusException.notFound('user.not_found', 'The user does not exist');
      if (user.marketingOptIn !== optIn) {
        user.marketingOptIn = optIn;
        user.marketingOptInChangedAt = new Date();
        stageEvent(em, MARKETING_PREFERENCE_CHANGED, ctx, { userId, optIn, via: 'preference' });
      }
      return toPreference(user);
    });
  }

  /**
   * The public link: a valid signature turns marketing off, and says so whether or not
   * it was on (or the account still exists), so the link reveals nothing about anyone.
   */
  async unsubscribe(ctx: MessageContext, request: UnsubscribeRequest): Promise<{ optIn: false }> {
    if (!isUuid(request.userId)) throw forgedLink();
    if (!isValidUnsubscribeSignature(this.config.unsubscribeSecret, request.userId, request.signature)) {
      throw forgedLink();
    }
    await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const user = await new UserRepository(em).findById(request.userId.toLowerCase());
      if (!user || !user.marketingOptIn) return;
      user.marketingOptIn = false;
      user.marketingOptInChangedAt = new Date();
      stageEvent(
        em,
        MARKETING_PREFERENCE_CHANGED,
        { ...ctx, tenantId: user.tenantId },
        { userId: user.id, optIn: false, via: 'unsubscribe_link' },
      );
    });
    return { optIn: false };
  }

  unsubscribeUrl(userId: string): string {
    return unsubscribeUrl(this.config.PUBLIC_APP_URL, this.config.unsubscribeSecret, userId);
  }

  /**
   * The one way a marketing message is composed: none for a user who has not opted in,
   * and always with the user's unsubscribe link (for whoever sends newsletters later).
   */
  marketingMailFor(user: UserAccount, subject: string, body: string): OutgoingMail | null {
    if (!user.marketingOptIn || user.status !== 'active') return null;
    return marketingMail(user, subject, body, this.unsubscribeUrl(user.id));
  }
}

function toPreference(user: UserAccount): MarketingPreference {
  return { optIn: user.marketingOptIn, changedAt: user.marketingOptInChangedAt?.toISOString() ?? null };
}
