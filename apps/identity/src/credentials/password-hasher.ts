import { Algorithm, hash, verify } from '@node-rs/argon2';
import { Injectable } from '@nestjs/common';
import { IdentityConfig } from '../identity.config';
import { ConcurrencyLimit } from './concurrency-limit';

/** OWASP's argon2id parameters: 19 MiB of memory, two passes, one lane (P2). */
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher {
  /** Verified against when the account does not exist, so both answers take the same time (P3). */
  private readonly decoy: Promise<string>;
  /**
   * At most ARGON2_CONCURRENCY hashes at once (default: one per core); the rest queue.
   * More in flight than cores only makes each slower: every run walks its own 19 MiB, so
   * they evict each other's (and the service's) caches; and each holds a libuv worker
   * thread that file, DNS and crypto work also need. It also bounds memory: a burst of
   * sign-ins costs 19 MiB per core, not per request.
   */
  private readonly limit: ConcurrencyLimit;

  constructor(config: IdentityConfig) {
    this.limit = new ConcurrencyLimit(() => config.ARGON2_CONCURRENCY);
    this.decoy = this.limit.run(() => hash('decoy password that matches no account', OPTIONS));
  }

  hash(password: string): Promise<string> {
    return this.limit.run(() => hash(password, OPTIONS));
  }

  /** Never throws for a malformed stored hash: that is a failed sign-in, not a 500. */
  async verify(storedHash: string | null, password: string): Promise<boolean> {
    if (!storedHash) {
      const decoy = await this.decoy;
      await this.limit.run(() => verify(decoy, password)).catch(() => false);
      return false;
    }
    return this.limit.run(() => verify(storedHash, password)).catch(() => false);
  }
}
