import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  GET_MARKETING_PREFERENCE,
  MarketingPreference,
  MessageContext,
  SET_MARKETING_PREFERENCE,
  UNSUBSCRIBE_MARKETING,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { Public } from '../auth/public.decorator';
import { RequestCtx } from '../http/request-context';
import { MarketingPreferenceDto, UnsubscribeQueryDto } from '../users/users.dto';
import { ApiProblems, ApiReply } from '../openapi/api-reply.decorator';

/** P9: marketing is opt-in, withdrawn at any time, and every message carries a signed unsubscribe link. */
@ApiTags('me')
@Controller()
export class MarketingController {
  constructor(private readonly bus: BusClient) {}

  @Get('api/v1/me/marketing')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Whether I receive marketing (off unless I opted in)' })
  @ApiReply(GET_MARKETING_PREFERENCE)
  get(@RequestCtx() ctx: MessageContext): Promise<MarketingPreference> {
    return this.bus.request(GET_MARKETING_PREFERENCE, ctx, {});
  }

  @Put('api/v1/me/marketing')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Opt in to marketing, or withdraw' })
  @ApiReply(SET_MARKETING_PREFERENCE)
  set(@RequestCtx() ctx: MessageContext, @Body() body: MarketingPreferenceDto): Promise<MarketingPreference> {
    return this.bus.request(SET_MARKETING_PREFERENCE, ctx, { optIn: body.optIn });
  }

  @Public()
  @Get('api/v1/marketing/unsubscribe')
  @ApiProblems(403)
  @ApiOperation({ summary: 'The signed link in every marketing email: turns marketing off, no sign-in needed' })
  @ApiReply(UNSUBSCRIBE_MARKETING)
  unsubscribe(@RequestCtx() ctx: MessageContext, @Query() query: UnsubscribeQueryDto): Promise<{ optIn: false }> {
    return this.bus.request(UNSUBSCRIBE_MARKETING, ctx, { userId: query.u, signature: query.sig });
  }
}
