import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import {
  ACCESS_TOKEN_ALGORITHM,
  JsonWebKeySet,
  MessageContext,
  SIGNING_KEY_ROTATED,
  SIGNING_KEY_ROTATED_BROADCAST,
} from '@pt/contracts';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { Broadcasts, KeyUnwrapError, KeyWrap, PLATFORM_LOGGER, stageEvent, uuid7 } from '@pt/platform';
import { Logger } from 'pino';
import { createPrivateKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { IdentityConfig } from '../identity.config';
import { SigningKey } from './signing-key.entity';

interface ActiveKey {
  kid: string;
  /** Parsed once: parsing the PEM on every signature cost about a millisecond per token. */
  privateKey: KeyObject;
}

/**
 * The keys access tokens are signed with. Created on first start (so a fresh install
 * works with no key material to configure) and kept in the service's database, the
 * private halves sealed under KEY_ENCRYPTION_KEY (a start seals any left in the clear by
 * an older version, and refuses to go on with a key-encryption key that does not open
 * them); the
 * public halves are served as a JWK Set for the gateway. Rotation makes a new key current
 * on every replica at once (broadcast) and keeps the older ones published until every
 * token they signed has expired, so nobody is signed out by it.
 */
@Injectable()
export class SigningKeys implements OnApplicationBootstrap {
  private active?: ActiveKey;
  private readonly wrap: KeyWrap;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly config: IdentityConfig,
    private readonly broadcasts: Broadcasts,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {
    this.wrap = new KeyWrap(config.keyEncryptionKey);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.sealPlainKeys();
    try {
      await this.load();
    } catch (error) {
      // Said in words: the start fails on configuration, and the operator must know which.
      if (error instanceof KeyUnwrapError) this.logger.fatal({ code: error.code }, error.message);
      throw error;
    }
    this.broadcasts.subscribe(SIGNING_KEY_ROTATED_BROADCAST, () => void this.load());
  }

  current(): ActiveKey {
    if (!this.active) throw new Error('signing keys not loaded');
    return this.active;
  }

  async rotate(ctx: MessageContext): Promise<{ kid: string; published: string[] }> {
    const result = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      await em.execute(`select pg_advisory_xact_lock(hashtext('signing-keys'))`);
      const { key } = this.create(em);
      const live = await em.find(SigningKey, { retiredAt: null }, { orderBy: { createdAt: 'asc' } });
      // A key may go once its successor has been current longer than an access token lives.
      const ttlMs = this.config.ACCESS_TOKEN_TTL_SECONDS * 1000;
      const retired: string[] = [];
      live.forEach((old, i) => {
        const successor = live[i + 1] ?? key;
        if (old.kid !== key.kid && successor.createdAt.getTime() + ttlMs < Date.now()) {
          old.retiredAt = new Date();
          retired.push(old.kid);
        }
      });
      stageEvent(em, SIGNING_KEY_ROTATED, ctx, { kid: key.kid, retired });
      return { kid: key.kid, published: [key.kid, ...live.filter((k) => !retired.includes(k.kid)).map((k) => k.kid)] };
    });
    this.broadcasts.publish(SIGNING_KEY_ROTATED_BROADCAST);
    await this.load();
    return result;
  }

  async publicKeys(): Promise<JsonWebKeySet> {
    const keys = await this.unitOfWork.run(PLATFORM_SCOPE, (em) =>
      em.find(SigningKey, { retiredAt: null }, { orderBy: { createdAt: 'desc' } }),
    );
    return {
      keys: keys.map((key) => ({
        kty: key.publicJwk.kty,
        crv: key.publicJwk.crv,
        x: key.publicJwk.x,
        y: key.publicJwk.y,
        kid: key.kid,
        alg: key.algorithm,
        use: 'sig' as const,
      })),
    };
  }

  /** Keys stored in the clear by a version before sealing: sealed in place, once, whichever replica starts first. */
  private async sealPlainKeys(): Promise<void> {
    await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      await em.execute(`select pg_advisory_xact_lock(hashtext('signing-keys'))`);
      const plain = await em.find(SigningKey, { privateKeyPem: { $ne: null } }, { populate: ['privateKeyPem'] });
      for (const key of plain) {
        key.privateKeySealed = this.wrap.seal(key.privateKeyPem!, key.kid);
        key.privateKeyPem = null;
      }
    });
  }

  private async load(): Promise<void> {
    this.active = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const newest = await em.findOne(
        SigningKey,
        { retiredAt: null },
        { orderBy: { createdAt: 'desc', kid: 'desc' }, populate: ['privateKeySealed'] },
      );
      if (newest) return { kid: newest.kid, privateKey: this.privateKeyOf(newest) };
      const { key, pem } = this.create(em);
      return { kid: key.kid, privateKey: createPrivateKey(pem) };
    });
  }

  private privateKeyOf(key: SigningKey): KeyObject {
    if (!key.privateKeySealed) throw new Error(`signing key ${key.kid} has no sealed private key`);
    return createPrivateKey(this.wrap.open(key.privateKeySealed, key.kid, `signing key ${key.kid}`));
  }

  private create(em: EntityManager): { key: SigningKey; pem: string } {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const key = new SigningKey();
    key.kid = uuid7();
    key.algorithm = ACCESS_TOKEN_ALGORITHM;
    key.publicJwk = publicKey.export({ format: 'jwk' }) as Record<string, string>;
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    key.privateKeySealed = this.wrap.seal(pem, key.kid);
    key.createdAt = new Date();
    em.persist(key);
    return { key, pem };
  }
}
