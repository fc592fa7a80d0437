import { Algorithm, hash, verify } from '@node-rs/argon2';
import { Injectable } from '@nestjs/common';

/** OWASP's argon2id parameters: 19 MiB of memory, two passes, one lane (P2). */
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

@Injectable()
export class PasswordHasher {
  /** Verified against when the account does not exist, so both answers take the same time (P3). */
  private readonly decoy = hash('decoy password that matches no account', OPTIONS);

  hash(password: string): Promise<string> {
    return hash(password, OPTIONS);
  }

  /** Never throws for a malformed stored hash: that is a failed sign-in, not a 500. */
  async verify(storedHash: string | null, password: string): Promise<boolean> {
    if (!storedHash) {
      await verify(await this.decoy, password).catch(() => false);
      return false;
    }
    return verify(storedHash, password).catch(() => false);
  }
}
