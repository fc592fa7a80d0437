import { Controller } from '@nestjs/common';
import {
  AGED_DEBT_REPORT,
  AgedDebtReport,
  LIST_PAYMENTS,
  MessageContext,
  PaymentView,
  RECORD_PAYMENT,
  RecordPaymentRequest,
  GET_STATEMENT,
  StatementRequest,
  StatementView,
} from '@pt/contracts';
import { Access, Allow, Handles, MsgCtx, MsgData } from '@pt/platform';
import { AgedDebtService } from './aged-debt.service';
import { PaymentsService } from './payments.service';
import { StatementService } from './statement.service';

/** Payments, recorded by platform staff who hold billing:invoices; a school's administrators read their own. */
@Controller()
export class PaymentsController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly agedDebt: AgedDebtService,
    private readonly statements: StatementService,
  ) {}

  @Handles(RECORD_PAYMENT)
  @Access(Allow.platform('billing:invoices'))
  record(@MsgCtx() ctx: MessageContext, @MsgData() data: RecordPaymentRequest): Promise<PaymentView> {
    return this.payments.record(ctx, data);
  }

  @Handles(LIST_PAYMENTS)
  @Access(Allow.anyOf(Allow.platform('billing:invoices'), Allow.school('school:manage')))
  list(@MsgCtx() ctx: MessageContext, @MsgData() data: { schoolId: string }): Promise<{ items: PaymentView[] }> {
    return this.payments.list(ctx, data);
  }

  @Handles(AGED_DEBT_REPORT)
  @Access(Allow.platform('billing:invoices'))
  agedDebtReport(@MsgData() data: { on?: string }): Promise<AgedDebtReport> {
    return this.agedDebt.report(data);
  }

  @Handles(GET_STATEMENT)
  @Access(Allow.anyOf(Allow.platform('billing:invoices'), Allow.school('school:manage')))
  statement(@MsgCtx() ctx: MessageContext, @MsgData() data: StatementRequest): Promise<StatementView> {
    return this.statements.get(ctx, data);
  }
}
