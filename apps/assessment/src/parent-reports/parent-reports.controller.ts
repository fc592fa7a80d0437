import { Controller } from '@nestjs/common';
import {
  ClassReportsView,
  GET_PARENT_REPORT_PDF,
  ISSUE_CLASS_REPORTS,
  ISSUE_PARENT_REPORT,
  IssueClassReportsRequest,
  IssueParentReportRequest,
  LIST_PARENT_REPORTS,
  ListParentReportsRequest,
  ParentReportDownload,
  ParentReportRef,
  ParentReportView,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgData, SchoolContext, SchoolCtx } from '@pt/platform';
import { ParentReportsService } from './parent-reports.service';

@Controller()
export class ParentReportsController {
  constructor(private readonly reports: ParentReportsService) {}

  @Handles(ISSUE_PARENT_REPORT)
  @Access(Allow.school('assessments:write'))
  issue(@SchoolCtx() ctx: SchoolContext, @MsgData() data: IssueParentReportRequest): Promise<ParentReportView> {
    return this.reports.issue(ctx, data);
  }

  @Handles(ISSUE_CLASS_REPORTS)
  @Access(Allow.school('assessments:write'))
  issueClass(@SchoolCtx() ctx: SchoolContext, @MsgData() data: IssueClassReportsRequest): Promise<ClassReportsView> {
    return this.reports.issueClass(ctx, data);
  }

  @Handles(LIST_PARENT_REPORTS)
  @Access(Allow.school('reports:read'))
  list(@SchoolCtx() ctx: SchoolContext, @MsgData() data: ListParentReportsRequest): Promise<ParentReportView[]> {
    return this.reports.list(ctx, data);
  }

  @Handles(GET_PARENT_REPORT_PDF)
  @Access(Allow.school('reports:read'))
  pdf(@SchoolCtx() ctx: SchoolContext, @MsgData() data: ParentReportRef): Promise<ParentReportDownload> {
    return this.reports.pdf(ctx, data);
  }
}
