import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { MessageContext, REDEEM_RIGHTS_DOWNLOAD } from '@pt/contracts';
import { BusClient, BusException, FileStore } from '@pt/platform';
import { FastifyReply } from 'fastify';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { ApiView } from '../openapi/api-reply.decorator';

/**
 * The one-time link to a subject-access bundle (P21). Audit spends the link (404 for a
 * second use, an expired link or another school's staff) and names the file; it is handed
 * over as an attachment that no cache keeps, then deleted from the file store.
 */
@ApiTags('rights-requests')
@ApiBearerAuth()
@Controller()
export class RightsDownloadsController {
  constructor(
    private readonly bus: BusClient,
    private readonly files: FileStore,
  ) {}

  @Get('api/v1/rights-downloads/:token')
  @RequirePermissions('rights:manage')
  @ApiProduces('application/json')
  @ApiView({ type: 'object', description: 'The subject-access bundle: each service’s section of the subject’s data' })
  @ApiOperation({ summary: 'Download a subject-access bundle once, through its one-time link' })
  async download(
    @RequestCtx() ctx: MessageContext,
    @Param('token') token: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer> {
    const download = await this.bus.request(REDEEM_RIGHTS_DOWNLOAD, ctx, { token });
    const stored = await this.files.read(download.storeName);
    if (!stored) throw BusException.notFound('rights_download.not_found', 'The download link does not exist');
    await this.files.delete(download.storeName);
    void reply.header('Content-Type', `${download.contentType}; charset=utf-8`);
    void reply.header('Content-Disposition', `attachment; filename="${download.fileName}"`);
    void reply.header('Cache-Control', 'no-store');
    return stored.content;
  }
}
