import { Controller } from '@nestjs/common';
import {
  ApplyCreditRequest,
  BILLING_CONTACT_SCOPE,
  CreditApplicationView,
  FINANCE_APPLY_CREDIT,
  FINANCE_RECORD_REFUND,
  RecordRefundRequest,
  RefundView,
  FINANCE_RECORD_PAYMENT,
  MessageContext,
  PaymentView,
  RecordPaymentRequest,
  FINANCE_EXPORT,
  FinanceExportFile,
  FinanceExportRequest,
  FINANCE_LIST_CREDIT_NOTES,
  FINANCE_LIST_GRACE_CHARGES,
  FINANCE_LIST_INVOICES,
  FINANCE_LIST_PAYMENTS,
  FINANCE_LIST_SUBSCRIPTIONS,
  FinanceCreditNotePage,
  FinanceGraceChargePage,
  FinanceInvoicePage,
  FinancePageRequest,
  FinancePaymentPage,
  FinanceSubscriptionPage,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgCtx, MsgData } from '@pt/platform';
import { PaymentsService } from '../payments/payments.service';
import { RefundsService } from '../refunds/refunds.service';
import { FinanceApiService } from './finance-api.service';

/** The finance API (P28): each declares the key scope it needs, checked here where the data is. */
@Controller()
export class FinanceApiController {
  constructor(
    private readonly finance: FinanceApiService,
    private readonly paymentsService: PaymentsService,
    private readonly refunds: RefundsService,
  ) {}

  @Handles(FINANCE_LIST_INVOICES)
  @Access(Allow.platform('invoices:read'))
  invoices(@MsgData() data: FinancePageRequest): Promise<FinanceInvoicePage> {
    return this.finance.invoices(data);
  }

  @Handles(FINANCE_LIST_CREDIT_NOTES)
  @Access(Allow.platform('invoices:read'))
  creditNotes(@MsgData() data: FinancePageRequest): Promise<FinanceCreditNotePage> {
    return this.finance.creditNotes(data);
  }

  @Handles(FINANCE_LIST_PAYMENTS)
  @Access(Allow.platform('payments:read'))
  payments(@MsgData() data: FinancePageRequest): Promise<FinancePaymentPage> {
    return this.finance.payments(data);
  }

  @Handles(FINANCE_LIST_SUBSCRIPTIONS)
  @Access(Allow.platform('invoices:read'))
  subscriptions(@MsgCtx() ctx: MessageContext, @MsgData() data: FinancePageRequest): Promise<FinanceSubscriptionPage> {
    return this.finance.subscriptions(data, ctx.actor.permissions?.includes(BILLING_CONTACT_SCOPE) ?? false);
  }

  @Handles(FINANCE_LIST_GRACE_CHARGES)
  @Access(Allow.platform('invoices:read'))
  graceCharges(@MsgData() data: FinancePageRequest): Promise<FinanceGraceChargePage> {
    return this.finance.graceCharges(data);
  }

  @Handles(FINANCE_EXPORT)
  @Access(Allow.platform('invoices:read'))
  exportFile(@MsgData() data: FinanceExportRequest): Promise<FinanceExportFile> {
    return this.finance.exportFile(data);
  }

  @Handles(FINANCE_RECORD_PAYMENT)
  @Access(Allow.platform('payments:write'))
  recordPayment(@MsgCtx() ctx: MessageContext, @MsgData() data: RecordPaymentRequest): Promise<PaymentView> {
    return this.paymentsService.record(ctx, data);
  }

  @Handles(FINANCE_RECORD_REFUND)
  @Access(Allow.platform('payments:write'))
  recordRefund(@MsgCtx() ctx: MessageContext, @MsgData() data: RecordRefundRequest): Promise<RefundView> {
    return this.refunds.refund(ctx, data);
  }

  @Handles(FINANCE_APPLY_CREDIT)
  @Access(Allow.platform('payments:write'))
  applyCredit(@MsgCtx() ctx: MessageContext, @MsgData() data: ApplyCreditRequest): Promise<CreditApplicationView> {
    return this.refunds.apply(ctx, data);
  }
}
