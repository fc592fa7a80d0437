import { Body, Controller, Get, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import {
  AccessTokenClaims,
  CHANGE_PASSWORD,
  GET_ME,
  JsonWebKeySet,
  Me,
  MessageContext,
  REFRESH,
  ROTATE_SIGNING_KEY,
  SIGN_IN,
  SIGN_OUT,
  SIGN_OUT_EVERYWHERE,
  TokenPair,
} from '@pt/contracts';
import { BusClient, BusException } from '@pt/platform';
import { FastifyReply, FastifyRequest } from 'fastify';
import { decode } from 'jsonwebtoken';
import { RequestCtx } from '../http/request-context';
import {
  ChangePasswordDto,
  CookieSessionDto,
  RefreshDto,
  SessionInfoDto,
  SignInDto,
  SignInQueryDto,
  TokenPairDto,
} from './auth.dto';
import {
  clearSessionCookies,
  clearUsernameCookie,
  cookieOf,
  csrfHeaderOf,
  REFRESH_COOKIE,
  setSessionCookies,
  setUsernameCookie,
} from './cookies';
import { GatewayConfig } from '../gateway.config';
import { assertSignInOrigin } from './csrf';
import { Public } from './public.decorator';
import { RequirePermissions } from './require-permissions.decorator';
import { SessionOwners } from './session-owners';
import { SigningKeyCache } from './signing-key-cache';
import { MaintenanceRead } from '../maintenance/maintenance-access.decorator';
import { ApiProblems, ApiReply, ApiView, viewSchema } from '../openapi/api-reply.decorator';

type TokenReply = Omit<TokenPair, 'tokenType'> & { tokenType: 'Bearer' };
type CookieReply = { expiresIn: number; refreshExpiresIn: number };

/** Bearer mode answers the tokens; cookie mode sets them as cookies and answers their lifetimes only. */
const TOKENS_OR_COOKIE_SESSION = {
  anyOf: [{ $ref: getSchemaPath(TokenPairDto) }, { $ref: getSchemaPath(CookieSessionDto) }],
};

@ApiTags('auth')
@ApiExtraModels(TokenPairDto, CookieSessionDto)
@Controller()
export class AuthController {
  constructor(
    private readonly bus: BusClient,
    private readonly keys: SigningKeyCache,
    private readonly owners: SessionOwners,
    private readonly config: GatewayConfig,
  ) {}

  /** Identity just issued this token for its session: its owner need not be asked for later. */
  private rememberOwner(accessToken: string): void {
    const claims = decode(accessToken, { json: true }) as Partial<AccessTokenClaims> | null;
    if (claims?.sid && claims.sub)
      this.owners.remember(claims.sid, { tenantId: claims.tid ?? null, userId: claims.sub });
  }

  @Public()
  @Post('api/v1/auth/sign-in')
  @ApiProblems(401, 403, 409, 429)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in with username or email and password',
    description:
      'Bearer mode (default) answers with the tokens. `?mode=cookie` (browsers) sets HttpOnly, Secure, SameSite=Strict ' +
      'cookies instead (`__Host-pt_access`, `__Host-pt_refresh`) and a readable `pt_csrf` cookie whose value must be sent ' +
      'in `x-csrf-token` with every POST, PUT, PATCH and DELETE. Wrong details, unknown accounts and locked accounts all ' +
      'answer 401 `sign_in.invalid_credentials`; too many failures from one address answer 429 with Retry-After; a second ' +
      'sign-in where the school refuses concurrent sessions answers 409 `session.already_active`. The body must be ' +
      'application/json (415 otherwise); a cookie sign-in from an Origin not in ALLOWED_ORIGINS answers 403 ' +
      '`sign_in.origin_refused` (login CSRF).',
  })
  @ApiOkResponse({ schema: TOKENS_OR_COOKIE_SESSION })
  async signIn(
    @RequestCtx() ctx: MessageContext,
    @Body() body: SignInDto,
    @Query() query: SignInQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenReply | CookieReply> {
    const mode = query.mode ?? 'bearer';
    if (mode === 'cookie') assertSignInOrigin(request, this.config.allowedOrigins);
    const userAgent = request.headers['user-agent'] ?? null;
    const signedIn = await this.bus.request(
      SIGN_IN,
      ctx,
      {
        login: body.login,
        password: body.password,
        userAgent,
        mode,
        ...(body.rememberUsername ? { rememberUsername: true } : {}),
      },
      { timeoutMs: this.config.PASSWORD_REQUEST_TIMEOUT_MS },
    );
    if (body.rememberUsername === true && signedIn.username) setUsernameCookie(reply, signedIn.username);
    if (body.rememberUsername === false) clearUsernameCookie(reply);
    const { accessToken, refreshToken, expiresIn, refreshExpiresIn } = signedIn;
    this.rememberOwner(accessToken);
    if (mode === 'cookie') {
      setSessionCookies(reply, {
        accessToken,
        refreshToken,
        expiresIn,
        refreshExpiresIn,
        csrfToken: signedIn.csrfToken,
      });
      return { expiresIn, refreshExpiresIn };
    }
    return { accessToken, refreshToken, expiresIn, refreshExpiresIn, tokenType: 'Bearer' };
  }

  @Public()
  @Post('api/v1/auth/refresh')
  @ApiProblems(401, 403)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for new tokens (the old refresh token stops working)',
    description:
      'With `refreshToken` in the body: bearer mode. Without it: the refresh cookie is used, the `x-csrf-token` header ' +
      'is required (403 `session.csrf_failed`), and new cookies are set.',
  })
  @ApiOkResponse({ schema: TOKENS_OR_COOKIE_SESSION })
  async refresh(
    @RequestCtx() ctx: MessageContext,
    @Body() body: RefreshDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenReply | CookieReply> {
    if (body.refreshToken) {
      const pair = await this.bus.request(REFRESH, ctx, { refreshToken: body.refreshToken });
      this.rememberOwner(pair.accessToken);
      return { ...pair, tokenType: 'Bearer' };
    }
    const refreshToken = cookieOf(request, REFRESH_COOKIE);
    if (!refreshToken) {
      throw BusException.validation([{ field: 'refreshToken', message: 'is required unless signed in with cookies' }]);
    }
    try {
      const pair = await this.bus.request(REFRESH, ctx, { refreshToken, csrfToken: csrfHeaderOf(request) });
      this.rememberOwner(pair.accessToken);
      setSessionCookies(reply, pair);
      return { expiresIn: pair.expiresIn, refreshExpiresIn: pair.refreshExpiresIn };
    } catch (error) {
      // A dead session's cookies are of no further use: let the browser forget them.
      if (error instanceof BusException && error.kind === 'unauthenticated') clearSessionCookies(reply);
      throw error;
    }
  }

  @Post('api/v1/auth/sign-out')
  @MaintenanceRead()
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiCookieAuth()
  @ApiOperation({ summary: 'End this session: its tokens stop working at once' })
  @ApiNoContentResponse()
  async signOut(
    @RequestCtx() ctx: MessageContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.bus.request(SIGN_OUT, ctx, { sessionId: request.principal!.sessionId });
    if (request.accessTokenSource === 'cookie') clearSessionCookies(reply);
  }

  @Post('api/v1/auth/sign-out-everywhere')
  @MaintenanceRead()
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiCookieAuth()
  @ApiOperation({ summary: 'End every session of the signed-in user, on every device, this one included' })
  @ApiNoContentResponse()
  async signOutEverywhere(
    @RequestCtx() ctx: MessageContext,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.bus.request(SIGN_OUT_EVERYWHERE, ctx, {});
    if (request.accessTokenSource === 'cookie') clearSessionCookies(reply);
  }

  /** Answered from the verified token alone (no bus call): cheap enough to poll. */
  @Get('api/v1/auth/session')
  @ApiBearerAuth()
  @ApiCookieAuth()
  @ApiOperation({ summary: 'The current session id and when its access token expires' })
  @ApiOkResponse({ type: SessionInfoDto })
  session(@Req() request: FastifyRequest): SessionInfoDto {
    return {
      sessionId: request.principal!.sessionId,
      accessTokenExpiresAt: new Date((request.accessTokenExpiresAt ?? 0) * 1000).toISOString(),
    };
  }

  @Post('api/v1/me/password')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiCookieAuth()
  @ApiOperation({
    summary: 'Change your own password',
    description:
      "The current password must be given (400 naming `currentPassword` otherwise); the new one must meet the school's " +
      'password policy (400 `password.policy_not_met` naming `newPassword`, with the reason). Every other session of the user ends; this one continues.',
  })
  @ApiNoContentResponse()
  async changePassword(
    @RequestCtx() ctx: MessageContext,
    @Body() body: ChangePasswordDto,
    @Req() request: FastifyRequest,
  ): Promise<void> {
    await this.bus.request(
      CHANGE_PASSWORD,
      ctx,
      {
        currentPassword: body.currentPassword,
        newPassword: body.newPassword,
        sessionId: request.principal!.sessionId,
      },
      { timeoutMs: this.config.PASSWORD_REQUEST_TIMEOUT_MS },
    );
  }

  @Get('api/v1/me')
  @ApiBearerAuth()
  @ApiCookieAuth()
  @ApiOperation({ summary: 'Who the access token belongs to' })
  @ApiReply(GET_ME)
  me(@RequestCtx() ctx: MessageContext): Promise<Me> {
    return this.bus.request(GET_ME, ctx, {});
  }

  @Post('api/v1/platform/signing-keys/rotation')
  @HttpCode(201)
  @ApiBearerAuth()
  @RequirePermissions('platform:security')
  @ApiOperation({
    summary: 'Make a new access-token signing key current; older keys stay published until their tokens expire',
  })
  @ApiReply(ROTATE_SIGNING_KEY, 201)
  rotateSigningKey(@RequestCtx() ctx: MessageContext): Promise<{ kid: string; published: string[] }> {
    return this.bus.request(ROTATE_SIGNING_KEY, ctx, {});
  }

  @Public()
  @Get('.well-known/jwks.json')
  @ApiOperation({ summary: 'Public keys of the access tokens (JWK Set)' })
  @ApiView(viewSchema('JsonWebKeySet'))
  jwks(): Promise<JsonWebKeySet> {
    return this.keys.keySet();
  }
}
