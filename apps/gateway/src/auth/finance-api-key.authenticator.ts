import { Injectable } from '@nestjs/common';
import {
  AUTHENTICATE_FINANCE_API_KEY,
  FinanceApiRate,
  GATEWAY_ERRORS,
  hasValidFinanceApiKeyChecksum,
  SYSTEM_ACTOR,
} from '@pt/contracts';
import { BusClient, BusException } from '@pt/platform';
import { FastifyReply } from 'fastify';
import { createHash, randomUUID } from 'node:crypto';
import { Principal } from '../http/request-context';

/** The policy's name in the RateLimit headers: one per-key quota. */
const POLICY = 'per-key';

const invalid = () =>
  BusException.unauthenticated(GATEWAY_ERRORS.API_KEY_INVALID, 'The API key is not valid, has expired or was revoked');

/**
 * Authenticates `Authorization: Bearer ptfin_…` (P28). The standard header, told apart from
 * an access token by the key's prefix, so finance systems use their HTTP clients' ordinary
 * bearer support and secret scanners see the prefix wherever the header is logged. A key
 * whose checksum fails is refused here without a bus call; otherwise identity checks the
 * stored hash and counts the request against the key's rate in the same round trip (every
 * replica shares the count, and a revocation takes effect on the next request). The
 * principal is a platform actor holding only the key's scopes: bus handlers check those
 * scopes as they check any permission.
 */
@Injectable()
export class FinanceApiKeyAuthenticator {
  constructor(private readonly bus: BusClient) {}

  async authenticate(key: string, reply: FastifyReply): Promise<Principal> {
    if (!hasValidFinanceApiKeyChecksum(key)) throw invalid();
    const ctx = { tenantId: null, actor: SYSTEM_ACTOR, requestId: randomUUID(), ip: null };
    const keyHash = createHash('sha256').update(key).digest('base64url');
    const answer = await this.bus.request(AUTHENTICATE_FINANCE_API_KEY, ctx, { keyHash }, { timeoutMs: 2000 });
    if (!answer.found) throw invalid();
    setRateHeaders(reply, answer.rate);
    if (answer.rate.retryAfterSeconds !== null) {
      throw BusException.tooManyRequests(GATEWAY_ERRORS.API_KEY_RATE_LIMITED, 'This API key is over its rate limit', {
        retryAfterSeconds: answer.rate.retryAfterSeconds,
      });
    }
    return {
      userId: answer.keyId,
      sessionId: '',
      tenantId: null,
      actorKind: 'platform',
      roles: ['finance-api-key'],
      permissions: answer.scopes,
      classGroupIds: null,
      apiKeyId: answer.keyId,
    };
  }
}

/** IETF draft-ietf-httpapi-ratelimit-headers-10: the policy (quota q per window w) and what is left (r, t). */
export function setRateHeaders(reply: FastifyReply, rate: FinanceApiRate): void {
  void reply.header('RateLimit-Policy', `"${POLICY}";q=${rate.limit};w=${rate.windowSeconds}`);
  void reply.header('RateLimit', `"${POLICY}";r=${rate.remaining};t=${rate.resetSeconds}`);
}
