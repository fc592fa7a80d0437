import { MessageContext, MessagePattern, SYSTEM_ACTOR } from '@pt/contracts';
import { BusClient } from '@pt/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GatewayConfig } from '../gateway.config';
import { PasswordLinksController } from '../users/password-links.controller';
import { AuthController } from './auth.controller';

/** The bus as the controllers see it: records each request's subject and timeout, answers as identity would. */
class RecordingBus {
  readonly sent: { subject: string; timeoutMs: number | undefined }[] = [];

  async request(
    pattern: MessagePattern<unknown, unknown>,
    _ctx: unknown,
    _data: unknown,
    options?: { timeoutMs?: number },
  ) {
    this.sent.push({ subject: pattern.subject, timeoutMs: options?.timeoutMs });
    return { accessToken: 'not-a-jwt', refreshToken: 'r', expiresIn: 900, refreshExpiresIn: 86_400 };
  }
}

// The end-to-end spec (test/password-request-timeout.e2e-spec.ts) queues sign-ins and password changes
// behind identity's argon2id slot; setting a password by link needs an emailed token per request, so
// here each route is held to the timeout it sends.
describe('P2, P6: the requests that run argon2id wait PASSWORD_REQUEST_TIMEOUT_MS, not the default bus timeout', () => {
  const ctx: MessageContext = { tenantId: null, actor: SYSTEM_ACTOR, requestId: 'r-1', ip: null };
  let bus: RecordingBus;
  let auth: AuthController;
  let links: PasswordLinksController;

  beforeEach(() => {
    bus = new RecordingBus();
    const config = Object.assign(new GatewayConfig(), { PASSWORD_REQUEST_TIMEOUT_MS: 12_345 });
    auth = new AuthController(bus as unknown as BusClient, {} as never, {} as never, config);
    links = new PasswordLinksController(bus as unknown as BusClient, config);
  });

  it('P2, P6: sign-in, changing a password, and setting one by an invitation or a reset link', async () => {
    await auth.signIn(
      ctx,
      { login: 'someone', password: 'Correct-Horse-44' },
      {},
      { headers: {} } as FastifyRequest,
      {} as FastifyReply,
    );
    await auth.changePassword(ctx, { currentPassword: 'Correct-Horse-44', newPassword: 'Battery-Staple-45' }, {
      principal: { sessionId: 's-1' },
    } as unknown as FastifyRequest);
    await links.setPassword(ctx, { token: 't-1', password: 'Battery-Staple-46' });
    await links.confirmReset(ctx, { token: 't-2', password: 'Battery-Staple-47' });

    expect(bus.sent).toEqual([
      { subject: 'identity.auth.sign-in', timeoutMs: 12_345 },
      { subject: 'identity.credentials.change-password', timeoutMs: 12_345 },
      { subject: 'identity.invitation.accept', timeoutMs: 12_345 },
      { subject: 'identity.password-reset.confirm', timeoutMs: 12_345 },
    ]);
  });
});
