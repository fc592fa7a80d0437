import { Controller } from '@nestjs/common';
import {
  EXPORT_RIGHTS_REQUEST,
  ExportRightsRequest,
  REDEEM_RIGHTS_DOWNLOAD,
  RightsDownload,
  RightsExportLink,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgData, SchoolContext, SchoolCtx } from '@pt/platform';
import { SubjectAccessService } from './subject-access.service';

@Controller()
export class SubjectAccessController {
  constructor(private readonly subjectAccess: SubjectAccessService) {}

  @Handles(EXPORT_RIGHTS_REQUEST)
  @Access(Allow.school('rights:manage'))
  export(@SchoolCtx() ctx: SchoolContext, @MsgData() data: ExportRightsRequest): Promise<RightsExportLink> {
    return this.subjectAccess.export(ctx, data);
  }

  @Handles(REDEEM_RIGHTS_DOWNLOAD)
  @Access(Allow.school('rights:manage'))
  redeem(@SchoolCtx() ctx: SchoolContext, @MsgData() data: { token: string }): Promise<RightsDownload> {
    return this.subjectAccess.redeem(ctx, data);
  }
}
