import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { JsonWebKeySet, SIGNING_KEY_ROTATED_BROADCAST, SIGNING_KEYS, SYSTEM_ACTOR } from '@pt/contracts';
import { Broadcasts, BusClient } from '@pt/platform';
import { createPublicKey, KeyObject, randomUUID } from 'node:crypto';

/** An unknown `kid` refetches at most this often, so forged kids cannot flood identity. */
const REFETCH_INTERVAL_MS = 10_000;
const MAX_AGE_MS = 5 * 60_000;

/**
 * The access tokens' public keys, fetched from identity over the bus and cached; a token
 * signed with a key the cache does not know yet triggers one refetch, and a rotation is
 * broadcast so that every replica forgets its copy at once.
 */
@Injectable()
export class SigningKeyCache implements OnApplicationBootstrap {
  /** Parsed once: handing the verifier a PEM string would re-parse it on every request (~0.3 ms). */
  private keys = new Map<string, KeyObject>();
  private jwks: JsonWebKeySet = { keys: [] };
  private fetchedAt = 0;
  private inFlight?: Promise<void>;

  constructor(
    private readonly bus: BusClient,
    private readonly broadcasts: Broadcasts,
  ) {}

  onApplicationBootstrap(): void {
    this.broadcasts.subscribe(SIGNING_KEY_ROTATED_BROADCAST, () => {
      this.fetchedAt = 0;
    });
  }

  async publicKey(kid: string): Promise<KeyObject | undefined> {
    const stale = Date.now() - this.fetchedAt > MAX_AGE_MS;
    const unknownAndMayRefetch = !this.keys.has(kid) && Date.now() - this.fetchedAt > REFETCH_INTERVAL_MS;
    if (stale || unknownAndMayRefetch) await this.refresh();
    return this.keys.get(kid);
  }

  async keySet(): Promise<JsonWebKeySet> {
    if (Date.now() - this.fetchedAt > MAX_AGE_MS) await this.refresh();
    return this.jwks;
  }

  private refresh(): Promise<void> {
    this.inFlight ??= (async () => {
      try {
        const ctx = { tenantId: null, actor: SYSTEM_ACTOR, requestId: randomUUID(), ip: null };
        const jwks = await this.bus.request(SIGNING_KEYS, ctx, {}, { timeoutMs: 2000 });
        this.jwks = jwks;
        this.keys = new Map(
          jwks.keys.map((jwk) => [
            jwk.kid,
            createPublicKey({ key: jwk as unknown as import('node:crypto').JsonWebKey, format: 'jwk' }),
          ]),
        );
        this.fetchedAt = Date.now();
      } finally {
        this.inFlight = undefined;
      }
    })();
    return this.inFlight;
  }
}
