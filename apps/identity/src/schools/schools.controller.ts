import { Controller } from '@nestjs/common';
import {
  CREATE_SCHOOL,
  CreateSchoolRequest,
  GET_SCHOOL,
  GET_SCHOOL_STATUS,
  LIST_SCHOOLS,
  MessageContext,
  RECORD_DATA_PROCESSING_SIGNATURE,
  RecordSignatureRequest,
  SchoolPage,
  SchoolStatus,
  SchoolStatusValue,
  SchoolView,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgCtx, MsgData } from '@pt/platform';
import { SchoolsService } from './schools.service';

@Controller()
export class SchoolsController {
  constructor(private readonly schools: SchoolsService) {}

  @Handles(CREATE_SCHOOL)
  @Access(Allow.platform('platform:schools'))
  create(@MsgCtx() ctx: MessageContext, @MsgData() data: CreateSchoolRequest): Promise<SchoolView> {
    return this.schools.create(ctx, data);
  }

  @Handles(LIST_SCHOOLS)
  @Access(Allow.platform('platform:schools'))
  list(@MsgData() data: { limit: number; cursor?: string; status?: SchoolStatusValue }): Promise<SchoolPage> {
    return this.schools.list(data.limit, data.cursor, data.status);
  }

  @Handles(GET_SCHOOL)
  @Access(Allow.anyOf(Allow.platform('platform:schools'), Allow.school(), Allow.system()))
  get(@MsgCtx() ctx: MessageContext, @MsgData() data: { schoolId: string }): Promise<SchoolView> {
    return this.schools.get(ctx, data.schoolId);
  }

  @Handles(GET_SCHOOL_STATUS)
  @Access(Allow.anyOf(Allow.system(), Allow.platform('ops:breaches')))
  status(@MsgData() data: { schoolId: string }): Promise<SchoolStatus> {
    return this.schools.status(data.schoolId);
  }

  @Handles(RECORD_DATA_PROCESSING_SIGNATURE)
  @Access(Allow.platform('platform:schools'))
  recordSignature(@MsgCtx() ctx: MessageContext, @MsgData() data: RecordSignatureRequest): Promise<SchoolView> {
    return this.schools.recordSignature(ctx, data);
  }
}
