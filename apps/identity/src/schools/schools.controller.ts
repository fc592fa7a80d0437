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
import { Handles, MsgCtx, MsgData } from '@pt/platform';
import { SchoolsService } from './schools.service';

@Controller()
export class SchoolsController {
  constructor(private readonly schools: SchoolsService) {}

  @Handles(CREATE_SCHOOL)
  create(@MsgCtx() ctx: MessageContext, @MsgData() data: CreateSchoolRequest): Promise<SchoolView> {
    return this.schools.create(ctx, data);
  }

  @Handles(LIST_SCHOOLS)
  list(@MsgData() data: { limit: number; cursor?: string; status?: SchoolStatusValue }): Promise<SchoolPage> {
    return this.schools.list(data.limit, data.cursor, data.status);
  }

  @Handles(GET_SCHOOL)
  get(@MsgCtx() ctx: MessageContext, @MsgData() data: { schoolId: string }): Promise<SchoolView> {
    return this.schools.get(ctx, data.schoolId);
  }

  @Handles(GET_SCHOOL_STATUS)
  status(@MsgData() data: { schoolId: string }): Promise<SchoolStatus> {
    return this.schools.status(data.schoolId);
  }

  @Handles(RECORD_DATA_PROCESSING_SIGNATURE)
  recordSignature(@MsgCtx() ctx: MessageContext, @MsgData() data: RecordSignatureRequest): Promise<SchoolView> {
    return this.schools.recordSignature(ctx, data);
  }
}
