import { Injectable } from '@nestjs/common';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { BusException } from '@pt/platform';
import { IdentityConfig } from '../identity.config';
import { RateLimitRepository, RateRule } from './rate-limit.repository';

export function tooManyRequests(retryAfterSeconds: number): BusException {
  return BusException.tooManyRequests('too_many_requests', 'Too many attempts; try again later', {
    retryAfterSeconds,
  });
}

/**
 * A limit shared by every replica (kept in identity's database, not in process memory).
 * `consume` counts one event and refuses (429 with Retry-After) once the key is over its
 * rule; keys name what is limited, e.g. `password-reset:ip:<ip>` (they are stored hashed).
 * Runs in its own short transaction, so an attempt counts even when the caller's work
 * then fails.
 */
@Injectable()
export class RateLimiter {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly config: IdentityConfig,
  ) {}

  /** The sign-in per-IP rule (SIGN_IN_IP_LIMIT per SIGN_IN_IP_WINDOW_SECONDS) unless given another. */
  get defaultRule(): RateRule {
    return { limit: this.config.SIGN_IN_IP_LIMIT, windowSeconds: this.config.SIGN_IN_IP_WINDOW_SECONDS };
  }

  async consume(key: string, rule: RateRule = this.defaultRule): Promise<void> {
    const wait = await this.unitOfWork.run(PLATFORM_SCOPE, (em) => new RateLimitRepository(em).consume(key, rule));
    if (wait !== null) throw tooManyRequests(wait);
  }
}
