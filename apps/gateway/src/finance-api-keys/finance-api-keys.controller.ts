import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CREATE_FINANCE_API_KEY,
  FinanceApiKeyView,
  IssuedFinanceApiKey,
  LIST_FINANCE_API_KEYS,
  MessageContext,
  REVOKE_FINANCE_API_KEY,
  ROTATE_FINANCE_API_KEY,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { ApiReply } from '../openapi/api-reply.decorator';
import { CreateFinanceApiKeyDto, RotateFinanceApiKeyDto } from './finance-api-keys.dto';

/** Platform finance makes, rotates and revokes the finance API's keys (P28); the key is in the answer once. */
@ApiTags('finance API keys')
@ApiBearerAuth()
@Controller()
export class FinanceApiKeysController {
  constructor(private readonly bus: BusClient) {}

  @Post('api/v1/platform/finance-api-keys')
  @RequirePermissions('finance:manage')
  @ApiOperation({ summary: 'Make a finance API key with scopes and an expiry; the key is shown in this answer only' })
  @ApiReply(CREATE_FINANCE_API_KEY, 201)
  create(@RequestCtx() ctx: MessageContext, @Body() body: CreateFinanceApiKeyDto): Promise<IssuedFinanceApiKey> {
    return this.bus.request(CREATE_FINANCE_API_KEY, ctx, body);
  }

  @Get('api/v1/platform/finance-api-keys')
  @RequirePermissions('finance:manage')
  @ApiOperation({ summary: 'Every finance API key (never the key itself: its last four characters)' })
  @ApiReply(LIST_FINANCE_API_KEYS)
  list(@RequestCtx() ctx: MessageContext): Promise<{ items: FinanceApiKeyView[] }> {
    return this.bus.request(LIST_FINANCE_API_KEYS, ctx, {});
  }

  @Post('api/v1/platform/finance-api-keys/:keyId/rotations')
  @RequirePermissions('finance:manage')
  @ApiOperation({
    summary: 'A new key with the same scopes; the old key keeps working until oldKeyExpiresAt, then stops',
  })
  @ApiReply(ROTATE_FINANCE_API_KEY, 201)
  rotate(
    @RequestCtx() ctx: MessageContext,
    @Param('keyId', UuidParamPipe) keyId: string,
    @Body() body: RotateFinanceApiKeyDto,
  ): Promise<IssuedFinanceApiKey> {
    return this.bus.request(ROTATE_FINANCE_API_KEY, ctx, { ...body, keyId });
  }

  @Delete('api/v1/platform/finance-api-keys/:keyId')
  @RequirePermissions('finance:manage')
  @ApiOperation({ summary: 'Revoke the key now: its next request is refused' })
  @ApiReply(REVOKE_FINANCE_API_KEY)
  revoke(@RequestCtx() ctx: MessageContext, @Param('keyId', UuidParamPipe) keyId: string): Promise<FinanceApiKeyView> {
    return this.bus.request(REVOKE_FINANCE_API_KEY, ctx, { keyId });
  }
}
