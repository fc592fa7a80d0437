import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ACCEPT_POLICY_DOCUMENTS,
  GET_POLICY_DOCUMENT,
  LIST_CURRENT_POLICY_DOCUMENTS,
  MessageContext,
  PolicyAcceptanceView,
  PolicyDocumentView,
  PUBLISH_POLICY_DOCUMENT,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { Public } from '../auth/public.decorator';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { PendingPolicies } from './pending-policies';
import { AcceptPoliciesDto, PublishPolicyDto } from './policy.dto';
import { ApiReply } from '../openapi/api-reply.decorator';

@ApiTags('policy documents')
@Controller()
export class PoliciesController {
  constructor(
    private readonly bus: BusClient,
    private readonly pending: PendingPolicies,
  ) {}

  @Post('api/v1/platform/policy-documents')
  @ApiBearerAuth()
  @RequirePermissions('platform:policies')
  @ApiOperation({ summary: 'Publish a new version; every user must accept it before doing anything else (P7)' })
  @ApiReply(PUBLISH_POLICY_DOCUMENT, 201)
  publish(@RequestCtx() ctx: MessageContext, @Body() body: PublishPolicyDto): Promise<PolicyDocumentView> {
    return this.bus.request(PUBLISH_POLICY_DOCUMENT, ctx, body);
  }

  @Public()
  @Get('api/v1/policy-documents')
  @ApiOperation({ summary: 'The current version of each policy document' })
  @ApiReply(LIST_CURRENT_POLICY_DOCUMENTS)
  current(@RequestCtx() ctx: MessageContext): Promise<{ items: PolicyDocumentView[] }> {
    return this.bus.request(LIST_CURRENT_POLICY_DOCUMENTS, ctx, {});
  }

  @Public()
  @Get('api/v1/policy-documents/:documentId')
  @ApiOperation({ summary: 'A published policy document' })
  @ApiReply(GET_POLICY_DOCUMENT)
  get(
    @RequestCtx() ctx: MessageContext,
    @Param('documentId', UuidParamPipe) documentId: string,
  ): Promise<PolicyDocumentView> {
    return this.bus.request(GET_POLICY_DOCUMENT, ctx, { documentId });
  }

  @Post('api/v1/me/policy-acceptances')
  @HttpCode(201)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Accept current policy documents (recorded with time, version and IP)' })
  @ApiReply(ACCEPT_POLICY_DOCUMENTS, 201)
  async accept(
    @RequestCtx() ctx: MessageContext,
    @Body() body: AcceptPoliciesDto,
  ): Promise<{ items: PolicyAcceptanceView[] }> {
    const result = await this.bus.request(ACCEPT_POLICY_DOCUMENTS, ctx, { documentIds: body.documentIds });
    this.pending.forget(ctx.actor.id!);
    return result;
  }
}
