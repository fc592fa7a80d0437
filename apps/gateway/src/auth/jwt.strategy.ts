import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ACCESS_TOKEN_ALGORITHM, ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, AccessTokenClaims } from '@pt/contracts';
import { BusException } from '@pt/platform';
import { FastifyRequest } from 'fastify';
import { decode } from 'jsonwebtoken';
import { Strategy } from 'passport-jwt';
import { Principal } from '../http/request-context';
import { accessTokenOf } from './access-token-source';
import { assertCsrfToken, needsCsrfToken } from './csrf';
import { RevokedSessions } from './revoked-sessions';
import { SessionOwners } from './session-owners';
import { SigningKeyCache } from './signing-key-cache';

/** How far ahead of this gateway's clock identity's may be when it signs (`iat`). */
export const TOKEN_CLOCK_SKEW_SECONDS = 30;

/**
 * Verifies access tokens, from the Authorization header or the access cookie (P4): one
 * asymmetric algorithm only (no `none`, no HS256 with the public key as secret),
 * audience, issuer, an expiry that is present and not passed, an issue time not in the
 * future (beyond TOKEN_CLOCK_SKEW_SECONDS), token type, a session that has not been
 * revoked, for a cookie-authenticated state-changing request the session's CSRF token, and
 * a session that exists and belongs to the token's school and user.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    keys: SigningKeyCache,
    private readonly revoked: RevokedSessions,
    private readonly owners: SessionOwners,
  ) {
    super({
      jwtFromRequest: (request: FastifyRequest) => accessTokenOf(request),
      algorithms: [ACCESS_TOKEN_ALGORITHM],
      audience: ACCESS_TOKEN_AUDIENCE,
      issuer: ACCESS_TOKEN_ISSUER,
      ignoreExpiration: false,
      passReqToCallback: true,
      // jsonwebtoken verifies with a KeyObject as it is; passport-jwt's types only name strings.
      secretOrKeyProvider: (_request: unknown, rawJwt: string, done: (err: unknown, key?: string) => void) => {
        const header = decode(rawJwt, { complete: true })?.header;
        if (!header?.kid) return done(null, undefined);
        keys.publicKey(header.kid).then(
          (key) => done(null, key as unknown as string),
          (error) => done(error),
        );
      },
    });
  }

  async validate(request: FastifyRequest, claims: AccessTokenClaims): Promise<Principal> {
    if (claims.typ !== 'access') {
      throw BusException.unauthenticated('access_token.invalid', 'The token is not an access token');
    }
    // jsonwebtoken checks `exp` only when there is one: a token without it would never expire.
    if (typeof claims.exp !== 'number') {
      throw BusException.unauthenticated('access_token.invalid', 'The access token has no expiry');
    }
    if (typeof claims.iat !== 'number' || claims.iat > Date.now() / 1000 + TOKEN_CLOCK_SKEW_SECONDS) {
      throw BusException.unauthenticated('access_token.invalid', 'The access token was issued in the future');
    }
    const ended = this.revoked.reasonFor(claims.sid);
    if (ended === 'session_replaced') {
      // P5: the account signed in elsewhere and the school allows one session at a time.
      throw BusException.unauthenticated('session.replaced', 'The account signed in elsewhere; this session has ended');
    }
    if (ended === 'idle') {
      // P13: not used within SESSION_IDLE_MINUTES.
      throw BusException.unauthenticated(
        'session.idle',
        'The session ended after a period of inactivity; sign in again',
      );
    }
    if (ended === 'maintenance') {
      throw BusException.unauthenticated('session.ended_for_maintenance', 'The session ended for planned maintenance');
    }
    if (ended) throw BusException.unauthenticated('session.ended', 'The session has ended; sign in again');
    if (needsCsrfToken(request)) assertCsrfToken(request, claims.csh);
    if (!(await this.owners.belongsTo(claims.sid, claims.tid, claims.sub))) {
      throw BusException.unauthenticated('access_token.invalid', 'The access token does not match its session');
    }
    request.accessTokenExpiresAt = claims.exp;
    return {
      userId: claims.sub,
      sessionId: claims.sid,
      tenantId: claims.tid,
      actorKind: claims.akd,
      roles: claims.roles,
      permissions: claims.perms ?? [],
      classGroupIds: claims.cgs ?? null,
      ...(claims.sgi ? { supportGrantId: claims.sgi } : {}),
    };
  }
}
