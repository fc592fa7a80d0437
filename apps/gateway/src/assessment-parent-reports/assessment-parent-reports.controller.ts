import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  ClassReportsView,
  GET_PARENT_REPORT_PDF,
  ISSUE_CLASS_REPORTS,
  ISSUE_PARENT_REPORT,
  LIST_PARENT_REPORTS,
  MessageContext,
  ParentReportView,
} from '@pt/contracts';
import { BusClient, BusException, FileStore } from '@pt/platform';
import { FastifyReply } from 'fastify';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { UuidParamPipe } from '../http/uuid-param.pipe';
import { ApiFile, ApiReply } from '../openapi/api-reply.decorator';
import { IssueClassReportsDto, IssueParentReportDto, ParentReportsQueryDto } from './assessment-parent-reports.dto';

/** Parent reports: issue one or a class's at a point, the archive of what was issued, and each report's PDF as issued. */
@ApiTags('assessment-parent-reports')
@ApiBearerAuth()
@Controller()
export class AssessmentParentReportsController {
  constructor(
    private readonly bus: BusClient,
    private readonly files: FileStore,
  ) {}

  @Post('api/v1/assessment/points/:pointId/parent-reports')
  @RequirePermissions('assessments:write')
  @ApiOperation({ summary: "Issue a pupil's parent report for the point: rendered as a PDF and archived as issued" })
  @ApiReply(ISSUE_PARENT_REPORT, 201)
  issue(
    @RequestCtx() ctx: MessageContext,
    @Param('pointId', UuidParamPipe) pointId: string,
    @Body() body: IssueParentReportDto,
  ): Promise<ParentReportView> {
    return this.bus.request(ISSUE_PARENT_REPORT, ctx, {
      pointId,
      pupilId: body.pupilId,
      teacherComment: body.teacherComment,
    });
  }

  @Post('api/v1/assessment/points/:pointId/parent-reports/class')
  @RequirePermissions('assessments:write')
  @ApiOperation({ summary: 'Issue the parent reports of every pupil of a class group for the point, in one go' })
  @ApiReply(ISSUE_CLASS_REPORTS, 201)
  issueClass(
    @RequestCtx() ctx: MessageContext,
    @Param('pointId', UuidParamPipe) pointId: string,
    @Body() body: IssueClassReportsDto,
  ): Promise<ClassReportsView> {
    return this.bus.request(ISSUE_CLASS_REPORTS, ctx, {
      pointId,
      classGroupId: body.classGroupId,
      teacherComments: body.teacherComments,
    });
  }

  @Get('api/v1/assessment/parent-reports')
  @RequirePermissions('reports:read')
  @ApiOperation({ summary: 'The archive of issued parent reports, newest first (one pupil’s or one point’s)' })
  @ApiReply(LIST_PARENT_REPORTS)
  list(@RequestCtx() ctx: MessageContext, @Query() query: ParentReportsQueryDto): Promise<ParentReportView[]> {
    return this.bus.request(LIST_PARENT_REPORTS, ctx, { pupilId: query.pupilId, pointId: query.pointId });
  }

  @Get('api/v1/assessment/parent-reports/:reportId/pdf')
  @RequirePermissions('reports:read')
  @ApiProduces('application/pdf')
  @ApiFile('application/pdf')
  @ApiOperation({ summary: 'The report exactly as issued (the same bytes every time), as a PDF attachment' })
  async pdf(
    @RequestCtx() ctx: MessageContext,
    @Param('reportId', UuidParamPipe) reportId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const report = await this.bus.request(GET_PARENT_REPORT_PDF, ctx, { reportId });
    const opened = await this.files.open(report.fileName);
    if (!opened)
      throw BusException.unavailable('parent_report.unavailable', 'The report could not be fetched; try again');
    // A one-off copy made for this request: gone as soon as it has been sent (or the client left).
    opened.content.once('close', () => void this.files.delete(report.fileName).catch(() => undefined));
    await reply
      .status(200)
      .header('Content-Type', report.contentType)
      .header('Content-Length', String(report.size))
      .header('Content-Disposition', `attachment; filename="${report.downloadName}"`)
      .header('Cache-Control', 'no-store')
      .send(opened.content);
  }
}
