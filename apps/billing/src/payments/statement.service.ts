import { Injectable } from '@nestjs/common';
import { ISO_DATE, MessageContext, StatementRequest, StatementView } from '@pt/contracts';
import { tenantScope, UnitOfWork } from '@pt/persistence';
import { BusException, Clock } from '@pt/platform';
import { InvoiceRepository } from '../invoices/invoice.repository';
import { PaymentRepository } from './payment.repository';
import { statementOf } from './statement';

/** A school's statement of account: movements with a running balance, and its debt aged on the last day. */
@Injectable()
export class StatementService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async get(ctx: MessageContext, request: StatementRequest): Promise<StatementView> {
    const problems = (['from', 'to'] as const)
      .filter((field) => {
        const value = request[field];
        return (
          value !== undefined &&
          (typeof value !== 'string' || !ISO_DATE.pattern.test(value) || Number.isNaN(Date.parse(value)))
        );
      })
      .map((field) => ({ field, message: ISO_DATE.message }));
    if (problems.length) throw BusException.validation(problems);
    const to = request.to ?? this.clock.now().toISOString().slice(0, 10);
    if (request.from !== undefined && request.from > to) {
      throw BusException.validation([{ field: 'from', message: 'must be on or before to' }]);
    }
    // A school's own staff see only their own account; another school's reads as empty.
    const schoolId = request.schoolId;
    const own = !ctx.tenantId || ctx.tenantId === schoolId;
    const { movements, aged } = own
      ? await this.unitOfWork.run(tenantScope(schoolId), async (em) => ({
          movements: await new PaymentRepository(em).movements(to),
          aged: await new InvoiceRepository(em).agedDebt(to),
        }))
      : { movements: [], aged: [] };
    const statement = statementOf(
      movements.map((m) => ({ kind: m.kind, day: m.day, reference: m.reference, amountPence: Number(m.amount) })),
      request.from,
    );
    const row = aged[0];
    return {
      schoolId,
      from: request.from ?? statement.lines[0]?.date ?? to,
      to,
      ...statement,
      ageing: {
        currentPence: Number(row?.current ?? 0),
        days1To30Pence: Number(row?.d1_30 ?? 0),
        days31To60Pence: Number(row?.d31_60 ?? 0),
        days61To90Pence: Number(row?.d61_90 ?? 0),
        over90DaysPence: Number(row?.d90 ?? 0),
        totalPence: Number(row?.total ?? 0),
      },
    };
  }
}
