import { Injectable } from '@nestjs/common';
import {
  ACCESS_TOKEN_ALGORITHM,
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  AccessTokenClaims,
  TokenPair,
} from '@pt/contracts';
import { sign } from 'jsonwebtoken';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { IdentityConfig } from '../identity.config';
import { ResolvedAccess } from '../roles/access-resolver';
import { UserAccount } from '../users/user.entity';
import { SigningKeys } from './signing-keys';

/** A refresh token is `<session id>.<secret>`: the id finds the row, the secret proves possession. */
export interface RefreshSecret {
  token: string;
  hash: string;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

export function parseRefreshToken(token: string): { sessionId: string; secret: string } | null {
  const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
  return match ? { sessionId: match[1], secret: match[2] } : null;
}

@Injectable()
export class TokenIssuer {
  private readonly rotationKey: Buffer;

  constructor(
    private readonly keys: SigningKeys,
    private readonly config: IdentityConfig,
  ) {
    this.rotationKey = config.refreshRotationKey;
  }

  /** A cookie session's CSRF token (P4): random, so it says nothing about the session or the user. */
  newCsrfToken(): { token: string; hash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: hashSecret(token) };
  }

  newRefreshSecret(sessionId: string): RefreshSecret {
    const secret = randomBytes(32).toString('base64url');
    return { token: `${sessionId}.${secret}`, hash: hashSecret(secret) };
  }

  /**
   * The secret that replaces `presented` at rotation: an HMAC of it under a server key,
   * so the same presented secret always rotates to the same successor (a second tab
   * within the grace window gets the token the first was given, though only its hash is
   * stored), while someone holding an old token cannot work out its successor.
   */
  rotatedRefreshSecret(sessionId: string, presented: string): RefreshSecret {
    const secret = createHmac('sha256', this.rotationKey).update(presented).digest('base64url');
    return { token: `${sessionId}.${secret}`, hash: hashSecret(secret) };
  }

  /**
   * `permissions` are resolved by the caller from the user's roles (built-in and the
   * school's custom ones), `classGroupIds` when the user is limited to class groups.
   */
  issue(
    user: Pick<UserAccount, 'id' | 'tenantId' | 'kind' | 'roles'>,
    session: { id: string; expiresAt: Date; csrfHash: string | null },
    refreshToken: string,
    access: ResolvedAccess,
  ): TokenPair {
    const ttl = this.config.ACCESS_TOKEN_TTL_SECONDS;
    const claims: Omit<AccessTokenClaims, 'iat' | 'exp' | 'aud' | 'iss'> = {
      sub: user.id,
      sid: session.id,
      tid: user.tenantId,
      akd: user.kind,
      roles: user.roles,
      perms: access.permissions,
      cgs: access.classGroupIds,
      csh: session.csrfHash,
      typ: 'access',
    };
    const accessToken = this.sign(claims, ttl);
    const refreshExpiresIn = Math.max(0, Math.floor((session.expiresAt.getTime() - Date.now()) / 1000));
    return { accessToken, refreshToken, expiresIn: ttl, refreshExpiresIn, tokenType: 'Bearer' };
  }

  /**
   * A support user inside a school under its grant (P12): the school's tenant, only the
   * permissions the school granted, the grant's id on every action, and never beyond the
   * grant's end. No refresh token: support enters again while the grant lasts.
   */
  issueSupportAccess(
    supportUserId: string,
    session: { id: string },
    grant: { id: string; tenantId: string; permissions: string[]; expiresAt: Date },
  ): { accessToken: string; expiresIn: number; tokenType: 'Bearer' } {
    const untilGrantEnds = Math.floor((grant.expiresAt.getTime() - Date.now()) / 1000);
    const ttl = Math.max(1, Math.min(this.config.ACCESS_TOKEN_TTL_SECONDS, untilGrantEnds));
    const claims: Omit<AccessTokenClaims, 'iat' | 'exp' | 'aud' | 'iss'> = {
      sub: supportUserId,
      sid: session.id,
      tid: grant.tenantId,
      akd: 'platform',
      roles: ['support'],
      perms: grant.permissions,
      cgs: null,
      sgi: grant.id,
      typ: 'access',
    };
    return { accessToken: this.sign(claims, ttl), expiresIn: ttl, tokenType: 'Bearer' };
  }

  private sign(claims: Omit<AccessTokenClaims, 'iat' | 'exp' | 'aud' | 'iss'>, ttlSeconds: number): string {
    const key = this.keys.current();
    return sign(claims, key.privateKey, {
      algorithm: ACCESS_TOKEN_ALGORITHM,
      keyid: key.kid,
      expiresIn: ttlSeconds,
      audience: ACCESS_TOKEN_AUDIENCE,
      issuer: ACCESS_TOKEN_ISSUER,
    });
  }
}
