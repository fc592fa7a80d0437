import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { GET_ME, JsonWebKeySet, Me, MessageContext, REFRESH, SIGN_IN, SIGN_OUT, TokenPair } from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { FastifyRequest } from 'fastify';
import { RequestCtx } from '../http/request-context';
import { MeDto, RefreshDto, SignInDto, TokenPairDto } from './auth.dto';
import { Public } from './public.decorator';
import { SigningKeyCache } from './signing-key-cache';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly bus: BusClient,
    private readonly keys: SigningKeyCache,
  ) {}

  @Public()
  @Post('api/v1/auth/sign-in')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with username or email and password' })
  @ApiOkResponse({ type: TokenPairDto })
  signIn(
    @RequestCtx() ctx: MessageContext,
    @Body() body: SignInDto,
    @Req() request: FastifyRequest,
  ): Promise<TokenPair> {
    const userAgent = request.headers['user-agent'] ?? null;
    return this.bus.request(SIGN_IN, ctx, { login: body.login, password: body.password, userAgent });
  }

  @Public()
  @Post('api/v1/auth/refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for new tokens (the old refresh token stops working)' })
  @ApiOkResponse({ type: TokenPairDto })
  refresh(@RequestCtx() ctx: MessageContext, @Body() body: RefreshDto): Promise<TokenPair> {
    return this.bus.request(REFRESH, ctx, { refreshToken: body.refreshToken });
  }

  @Post('api/v1/auth/sign-out')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End this session: its tokens stop working at once' })
  async signOut(@RequestCtx() ctx: MessageContext, @Req() request: FastifyRequest): Promise<void> {
    await this.bus.request(SIGN_OUT, ctx, { sessionId: request.principal!.sessionId });
  }

  @Get('api/v1/me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who the access token belongs to' })
  @ApiOkResponse({ type: MeDto })
  me(@RequestCtx() ctx: MessageContext): Promise<Me> {
    return this.bus.request(GET_ME, ctx, {});
  }

  @Public()
  @Get('.well-known/jwks.json')
  @ApiOperation({ summary: 'Public keys of the access tokens (JWK Set)' })
  jwks(): Promise<JsonWebKeySet> {
    return this.keys.keySet();
  }
}
