import { Injectable } from '@nestjs/common';
import {
  CreateFinanceApiKeyRequest,
  FINANCE_API_KEY_CREATED,
  FINANCE_API_KEY_REVOKED,
  FINANCE_API_KEY_ROTATED,
  FINANCE_API_SCOPES,
  FinanceApiKeyAuthentication,
  FinanceApiKeyView,
  FinanceApiScope,
  financeApiKeyOf,
  IDENTITY_ERRORS,
  isFinanceApiScope,
  IssuedFinanceApiKey,
  MAX_FINANCE_API_KEY_DAYS,
  MessageContext,
  RotateFinanceApiKeyRequest,
} from '@pt/contracts';
import { EntityManager } from '@mikro-orm/postgresql';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { BusException, Clock, stageEvent, uuid7 } from '@pt/platform';
import { createHash, randomBytes } from 'node:crypto';
import { RateRule } from '../credentials/rate-limit.repository';
import { IdentityConfig } from '../identity.config';
import { FinanceApiKeyCheckRepository } from './finance-api-key-check.repository';
import { FinanceApiKey } from './finance-api-key.entity';
import { FinanceApiKeyRepository } from './finance-api-key.repository';
import { financeApiRateOf } from './finance-api-rate';

const notFound = () =>
  BusException.notFound(IDENTITY_ERRORS.FINANCE_API_KEY_NOT_FOUND, 'The finance API key does not exist');

/** How the key is looked up: the gateway sends this, never the key. */
export function financeApiKeyHash(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}

/**
 * P28: finance systems' API keys, made and managed by platform finance. A key is shown
 * once, stored as its hash, limited to its scopes, expires, can be rotated with an overlap
 * (the old key keeps working until a chosen time, so a finance system can switch without
 * a gap) and revoked at once. Authentication counts each request against the key's rate
 * in the same round trip, in the rate_limit table every replica shares.
 */
@Injectable()
export class FinanceApiKeysService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly config: IdentityConfig,
    private readonly keyCheck: FinanceApiKeyCheckRepository,
  ) {}

  private get rule(): RateRule {
    return { limit: this.config.FINANCE_API_RATE_LIMIT, windowSeconds: this.config.FINANCE_API_RATE_WINDOW_SECONDS };
  }

  create(ctx: MessageContext, request: CreateFinanceApiKeyRequest): Promise<IssuedFinanceApiKey> {
    const now = new Date(this.clock.nowMs());
    const name = typeof request.name === 'string' ? request.name.trim() : '';
    if (!name || name.length > 100) {
      throw BusException.validation([{ field: 'name', message: 'must be 1 to 100 characters' }]);
    }
    const scopes = scopesOf(request.scopes);
    const expiresAt = this.expiryOf(request.expiresAt, 'expiresAt', now);
    return this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const issued = this.issue(em, ctx, { name, scopes, expiresAt }, now);
      stageEvent(em, FINANCE_API_KEY_CREATED, ctx, {
        keyId: issued.id,
        scopes,
        expiresAt: issued.expiresAt,
      });
      return issued;
    });
  }

  async list(): Promise<FinanceApiKeyView[]> {
    const now = new Date(this.clock.nowMs());
    const keys = await this.unitOfWork.run(PLATFORM_SCOPE, (em) => new FinanceApiKeyRepository(em).list());
    return keys.map((key) => viewOf(key, now));
  }

  /** A new key with the old one's name and scopes; the old one works until `oldKeyExpiresAt`. */
  rotate(ctx: MessageContext, request: RotateFinanceApiKeyRequest): Promise<IssuedFinanceApiKey> {
    const now = new Date(this.clock.nowMs());
    const overlapEnds = dateOf(request.oldKeyExpiresAt, 'oldKeyExpiresAt');
    if (overlapEnds < now) {
      throw BusException.validation([{ field: 'oldKeyExpiresAt', message: 'must not be in the past' }]);
    }
    const newExpiry = request.expiresAt === undefined ? null : this.expiryOf(request.expiresAt, 'expiresAt', now);
    return this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const old = await new FinanceApiKeyRepository(em).findForUpdate(request.keyId);
      if (!old) throw notFound();
      if (!old.isActive(now) || old.replacedBy) {
        throw BusException.conflict(
          IDENTITY_ERRORS.FINANCE_API_KEY_INACTIVE,
          'Only a live key that has not been rotated already can be rotated',
        );
      }
      const issued = this.issue(
        em,
        ctx,
        { name: old.name, scopes: old.scopes as FinanceApiScope[], expiresAt: newExpiry ?? old.expiresAt },
        now,
      );
      if (overlapEnds < old.expiresAt) old.expiresAt = overlapEnds;
      old.replacedBy = issued.id;
      stageEvent(em, FINANCE_API_KEY_ROTATED, ctx, {
        keyId: old.id,
        newKeyId: issued.id,
        oldKeyExpiresAt: old.expiresAt.toISOString(),
      });
      return issued;
    });
  }

  /** At once; revoking a revoked key changes nothing and answers it as it is. */
  revoke(ctx: MessageContext, keyId: string): Promise<FinanceApiKeyView> {
    const now = new Date(this.clock.nowMs());
    return this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const key = await new FinanceApiKeyRepository(em).findForUpdate(keyId);
      if (!key) throw notFound();
      if (!key.revokedAt) {
        key.revokedAt = now;
        key.revokedBy = ctx.actor.id;
        stageEvent(em, FINANCE_API_KEY_REVOKED, ctx, { keyId });
      }
      return viewOf(key, now);
    });
  }

  /**
   * Whether the key (by hash) is live, and if so counts this request against its rate: one
   * statement (FinanceApiKeyCheckRepository), as it runs before every finance API request.
   */
  async authenticate(keyHash: string): Promise<FinanceApiKeyAuthentication> {
    const now = new Date(this.clock.nowMs());
    if (typeof keyHash !== 'string' || keyHash.length > 100) return { found: false };
    const key = await this.keyCheck.check(keyHash, now, this.rule);
    if (!key) return { found: false };
    return {
      found: true,
      keyId: key.id,
      scopes: key.scopes as FinanceApiScope[],
      expiresAt: key.expiresAt.toISOString(),
      rate: financeApiRateOf(key.leadSeconds, this.rule, key.waitSeconds),
    };
  }

  private issue(
    em: EntityManager,
    ctx: MessageContext,
    fields: { name: string; scopes: FinanceApiScope[]; expiresAt: Date },
    now: Date,
  ): IssuedFinanceApiKey {
    const secret = financeApiKeyOf(randomBytes(32));
    const key = Object.assign(new FinanceApiKey(), {
      id: uuid7(),
      name: fields.name,
      keyHash: financeApiKeyHash(secret),
      lastFour: secret.slice(-4),
      scopes: fields.scopes,
      createdBy: ctx.actor.id,
      createdAt: now,
      expiresAt: fields.expiresAt,
    });
    new FinanceApiKeyRepository(em).add(key);
    return { ...viewOf(key, now), key: secret };
  }

  private expiryOf(value: unknown, field: string, now: Date): Date {
    const at = dateOf(value, field);
    if (at <= now) throw BusException.validation([{ field, message: 'must be in the future' }]);
    if (at.getTime() - now.getTime() > MAX_FINANCE_API_KEY_DAYS * 86_400_000) {
      throw BusException.validation([{ field, message: `must be within ${MAX_FINANCE_API_KEY_DAYS} days` }]);
    }
    return at;
  }
}

function scopesOf(value: unknown): FinanceApiScope[] {
  const scopes = Array.isArray(value) ? value : [];
  if (!scopes.length || scopes.some((scope) => typeof scope !== 'string' || !isFinanceApiScope(scope))) {
    throw BusException.validation([
      { field: 'scopes', message: `must be one or more of ${FINANCE_API_SCOPES.join(', ')}` },
    ]);
  }
  return [...new Set(scopes as FinanceApiScope[])].sort();
}

function dateOf(value: unknown, field: string): Date {
  const at = typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(at.getTime())) {
    throw BusException.validation([{ field, message: 'must be an ISO 8601 date and time' }]);
  }
  return at;
}

function viewOf(key: FinanceApiKey, now: Date): FinanceApiKeyView {
  return {
    id: key.id,
    name: key.name,
    scopes: key.scopes as FinanceApiScope[],
    lastFour: key.lastFour,
    createdAt: key.createdAt.toISOString(),
    expiresAt: key.expiresAt.toISOString(),
    revokedAt: key.revokedAt?.toISOString() ?? null,
    replacedBy: key.replacedBy,
    active: key.isActive(now),
  };
}
