import { Controller } from '@nestjs/common';
import {
  EXPORT_RIGHTS_REQUEST,
  ExportRightsRequest,
  MessageContext,
  REDEEM_RIGHTS_DOWNLOAD,
  RightsDownload,
  RightsExportLink,
} from '@pt/contracts';
import { Handles, MsgCtx, MsgData } from '@pt/platform';
import { SubjectAccessService } from './subject-access.service';

@Controller()
export class SubjectAccessController {
  constructor(private readonly subjectAccess: SubjectAccessService) {}

  @Handles(EXPORT_RIGHTS_REQUEST)
  export(@MsgCtx() ctx: MessageContext, @MsgData() data: ExportRightsRequest): Promise<RightsExportLink> {
    return this.subjectAccess.export(ctx, data);
  }

  @Handles(REDEEM_RIGHTS_DOWNLOAD)
  redeem(@MsgCtx() ctx: MessageContext, @MsgData() data: { token: string }): Promise<RightsDownload> {
    return this.subjectAccess.redeem(ctx, data);
  }
}
