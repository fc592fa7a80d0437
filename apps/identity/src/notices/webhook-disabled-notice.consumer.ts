import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PLATFORM_ROLES, WEBHOOK_ENDPOINT_DISABLED } from '@pt/contracts';
import { eventRoutes, EventConsumers } from '@pt/platform';
import { IdentityConfig } from '../identity.config';
import { Mailer } from '../mail/mailer';
import { UserRepository } from '../users/user.repository';
import { webhookDisabledMail } from './notice-messages';

/** Durable: an endpoint disabled while identity was down is still told of when it comes back. */
export const IDENTITY_WEBHOOK_DISABLED_CONSUMER = 'identity-webhook-disabled';

/** The platform roles that manage webhooks (finance:manage): they are the ones told. */
const WEBHOOK_MANAGER_ROLES = Object.entries(PLATFORM_ROLES)
  .filter(([, permissions]) => (permissions as readonly string[]).includes('finance:manage'))
  .map(([role]) => role);

/**
 * Billing disabled a finance webhook endpoint (410 Gone, or failing for days): every active
 * platform user who manages webhooks is emailed, as schools are of breaches. The mail goes
 * once the event is taken (not awaited, as notices' mail is not); a redelivery after a
 * failed commit may send it twice, which a notice can bear.
 */
@Injectable()
export class WebhookDisabledNoticeConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly mailer: Mailer,
    private readonly config: IdentityConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const routes = eventRoutes().on(WEBHOOK_ENDPOINT_DISABLED, async ({ data }, em) => {
      const managers = await new UserRepository(em).activePlatformUsersWithAnyRole(WEBHOOK_MANAGER_ROLES);
      for (const manager of managers) {
        void this.mailer.send(webhookDisabledMail(manager, data.endpointId, data.reason, this.config.PUBLIC_APP_URL));
      }
    });
    await this.consumers.start({
      durable: IDENTITY_WEBHOOK_DISABLED_CONSUMER,
      subjects: routes.subjects,
      handle: routes.handle,
    });
  }
}
