import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ACCESS_TOKEN_ALGORITHM, ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, AccessTokenClaims } from '@pt/contracts';
import { BusException } from '@pt/platform';
import { decode } from 'jsonwebtoken';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Principal } from '../http/request-context';
import { RevokedSessions } from './revoked-sessions';
import { SigningKeyCache } from './signing-key-cache';

/**
 * Verifies access tokens: one asymmetric algorithm only (no `none`, no HS256 with the
 * public key as secret), audience, issuer, expiry, token type, and a session that has
 * not been revoked.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    keys: SigningKeyCache,
    private readonly revoked: RevokedSessions,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      algorithms: [ACCESS_TOKEN_ALGORITHM],
      audience: ACCESS_TOKEN_AUDIENCE,
      issuer: ACCESS_TOKEN_ISSUER,
      ignoreExpiration: false,
      secretOrKeyProvider: (_request: unknown, rawJwt: string, done: (err: unknown, key?: string) => void) => {
        const header = decode(rawJwt, { complete: true })?.header;
        if (!header?.kid) return done(null, undefined);
        keys.publicKeyPem(header.kid).then(
          (pem) => done(null, pem),
          (error) => done(error),
        );
      },
    });
  }

  validate(claims: AccessTokenClaims): Principal {
    if (claims.typ !== 'access') {
      throw BusException.unauthenticated('invalid_token', 'The token is not an access token');
    }
    if (this.revoked.isRevoked(claims.sid)) {
      throw BusException.unauthenticated('session_ended', 'The session has ended; sign in again');
    }
    return {
      userId: claims.sub,
      sessionId: claims.sid,
      tenantId: claims.tid,
      actorKind: claims.akd,
      roles: claims.roles,
      permissions: claims.perms ?? [],
      classGroupIds: claims.cgs ?? null,
    };
  }
}
