import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InvoiceRunView, MessageContext, RUN_ANNUAL_INVOICES } from '@pt/contracts';
import { BusClient } from '@pt/platform';
import { RequirePermissions } from '../auth/require-permissions.decorator';
import { RequestCtx } from '../http/request-context';
import { InvoiceRunDto } from '../billing-invoices/invoices.dto';
import { ApiReply } from '../openapi/api-reply.decorator';

/** The annual invoice run on demand (billing also runs it on its timer). */
@ApiTags('billing')
@ApiBearerAuth()
@Controller()
export class BillingInvoiceRunsController {
  constructor(private readonly bus: BusClient) {}

  @Post('api/v1/platform/billing/invoice-runs')
  @HttpCode(200)
  @RequirePermissions('billing:invoices')
  @ApiOperation({
    summary:
      "Invoice and issue every subscription's term year holding the day (today by default), once however often it runs",
  })
  @ApiReply(RUN_ANNUAL_INVOICES)
  run(@RequestCtx() ctx: MessageContext, @Body() body: InvoiceRunDto): Promise<InvoiceRunView> {
    return this.bus.request(RUN_ANNUAL_INVOICES, ctx, body.on ? { on: body.on } : {});
  }
}
