import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ADD_HEALTH_NOTE,
  ConsentGiver,
  ConsentView,
  ConsentWithdrawer,
  DELETE_HEALTH_NOTE,
  GIVE_CONSENT,
  HealthNotesView,
  HealthNoteView,
  LIST_CONSENTS,
  LIST_HEALTH_NOTES,
  MessageContext,
  PupilConsentsView,
  WITHDRAW_CONSENT,
} from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import {
  AddHealthNoteDto,
  ConsentGiverDto,
  ConsentWithdrawerDto,
  GiveConsentDto,
  WithdrawConsentDto,
} from './pupil-care.dto';
import { ApiReply, ApiNoContent } from '../openapi/api-reply.decorator';

/**
 * P16: consents per pupil (special-category processing, photo use) given and withdrawn
 * with who and when; health notes, which exist only while special-category consent stands.
 */
@ApiTags('consents')
@ApiBearerAuth()
@Controller()
export class ConsentsController {
  constructor(private readonly bus: BusClient) {}

  @Get('api/v1/pupils/:pupilId/consents')
  @RequirePermissions('pupils:read')
  @ApiOperation({ summary: 'The standing consent of each kind and every consent record, newest first' })
  @ApiReply(LIST_CONSENTS)
  list(
    @RequestCtx() ctx: MessageContext,
    @Param('pupilId', UuidParamPipe) pupilId: string,
  ): Promise<PupilConsentsView> {
    return this.bus.request(LIST_CONSENTS, ctx, { pupilId });
  }

  @Post('api/v1/pupils/:pupilId/consents')
  @RequirePermissions('consents:manage')
  @ApiOperation({ summary: 'Record a consent given by a guardian or the pupil (409 if one of the kind stands)' })
  @ApiReply(GIVE_CONSENT, 201)
  give(
    @RequestCtx() ctx: MessageContext,
    @Param('pupilId', UuidParamPipe) pupilId: string,
    @Body() body: GiveConsentDto,
  ): Promise<ConsentView> {
    return this.bus.request(GIVE_CONSENT, ctx, {
      pupilId,
      kind: body.kind,
      givenBy: party(body.givenBy) as ConsentGiver,
      givenOn: body.givenOn,
    });
  }

  @Post('api/v1/pupils/:pupilId/consents/:consentId/withdrawal')
  @HttpCode(200)
  @RequirePermissions('consents:manage')
  @ApiOperation({
    summary:
      'Withdraw a consent: special-category clears SEN needs and deletes health notes; photo-use deletes the photograph',
  })
  @ApiReply(WITHDRAW_CONSENT)
  withdraw(
    @RequestCtx() ctx: MessageContext,
    @Param('pupilId', UuidParamPipe) pupilId: string,
    @Param('consentId', UuidParamPipe) consentId: string,
    @Body() body: WithdrawConsentDto,
  ): Promise<ConsentView> {
    return this.bus.request(WITHDRAW_CONSENT, ctx, {
      pupilId,
      consentId,
      withdrawnBy: party(body.withdrawnBy),
      withdrawnOn: body.withdrawnOn,
      reason: body.reason,
    });
  }

  @Get('api/v1/pupils/:pupilId/health-notes')
  @RequirePermissions('pupils:read')
  @ApiOperation({ summary: 'Health notes, shown only while special-category consent stands (empty otherwise)' })
  @ApiReply(LIST_HEALTH_NOTES)
  healthNotes(
    @RequestCtx() ctx: MessageContext,
    @Param('pupilId', UuidParamPipe) pupilId: string,
  ): Promise<HealthNotesView> {
    return this.bus.request(LIST_HEALTH_NOTES, ctx, { pupilId });
  }

  @Post('api/v1/pupils/:pupilId/health-notes')
  @RequirePermissions('pupils:write')
  @ApiOperation({ summary: 'Record a health note (409 consent.special_category_required without consent)' })
  @ApiReply(ADD_HEALTH_NOTE, 201)
  addHealthNote(
    @RequestCtx() ctx: MessageContext,
    @Param('pupilId', UuidParamPipe) pupilId: string,
    @Body() body: AddHealthNoteDto,
  ): Promise<HealthNoteView> {
    return this.bus.request(ADD_HEALTH_NOTE, ctx, { pupilId, category: body.category, note: body.note });
  }

  @Delete('api/v1/pupils/:pupilId/health-notes/:noteId')
  @ApiOperation({ summary: 'Remove a health note' })
  @HttpCode(204)
  @RequirePermissions('pupils:write')
  @ApiNoContent()
  async deleteHealthNote(
    @RequestCtx() ctx: MessageContext,
    @Param('pupilId', UuidParamPipe) pupilId: string,
    @Param('noteId', UuidParamPipe) noteId: string,
  ): Promise<void> {
    await this.bus.request(DELETE_HEALTH_NOTE, ctx, { pupilId, noteId });
  }
}

/** Only the fields of the party's type go on (the service checks which types each operation allows). */
function party(dto: ConsentGiverDto | ConsentWithdrawerDto): ConsentWithdrawer {
  return dto.type === 'guardian' ? { type: 'guardian', guardianId: dto.guardianId! } : { type: dto.type };
}
