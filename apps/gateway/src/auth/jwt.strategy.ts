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
import { SigningKeyCache } from './signing-key-cache';

/**
 * Verifies access tokens, from the Authorization header or the access cookie (P4): one
 * asymmetric algorithm only (no `none`, no HS256 with the public key as secret),
 * audience, issuer, expiry, token type, a session that has not been revoked, and for a
 * cookie-authenticated state-changing request, the session's CSRF token.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    keys: SigningKeyCache,
    private readonly revoked: RevokedSessions,
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

  validate(request: FastifyRequest, claims: AccessTokenClaims): Principal {
    if (claims.typ !== 'access') {
      throw BusException.unauthenticated('access_token.invalid', 'The token is not an access token');
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
