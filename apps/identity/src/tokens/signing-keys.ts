import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ACCESS_TOKEN_ALGORITHM, JsonWebKeySet } from '@pt/contracts';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { uuid7 } from '@pt/platform';
import { createPrivateKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { SigningKey } from './signing-key.entity';

interface ActiveKey {
  kid: string;
  /** Parsed once: parsing the PEM on every signature cost about a millisecond per token. */
  privateKey: KeyObject;
}

/**
 * The keys access tokens are signed with. Created on first start (so a fresh install
 * works with no key material to configure) and kept in the service's database; the
 * public halves are served as a JWK Set for the gateway.
 */
@Injectable()
export class SigningKeys implements OnApplicationBootstrap {
  private active?: ActiveKey;

  constructor(private readonly unitOfWork: UnitOfWork) {}

  async onApplicationBootstrap(): Promise<void> {
    this.active = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const newest = await em.findOne(
        SigningKey,
        { retiredAt: null },
        { orderBy: { createdAt: 'desc' }, populate: ['privateKeyPem'] },
      );
      if (newest) return { kid: newest.kid, privateKey: createPrivateKey(newest.privateKeyPem) };
      const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const key = new SigningKey();
      key.kid = uuid7();
      key.algorithm = ACCESS_TOKEN_ALGORITHM;
      key.publicJwk = publicKey.export({ format: 'jwk' }) as Record<string, string>;
      key.privateKeyPem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      em.persist(key);
      return { kid: key.kid, privateKey };
    });
  }

  current(): ActiveKey {
    if (!this.active) throw new Error('signing keys not loaded');
    return this.active;
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
}
