import { Injectable } from '@nestjs/common';
import { AgedDebtBuckets, AgedDebtReport, ISO_DATE } from '@pt/contracts';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { BusException, Clock } from '@pt/platform';
import { InvoiceRepository } from '../invoices/invoice.repository';

/** The aged-debt report across every school, bucketed in SQL by days past due. */
@Injectable()
export class AgedDebtService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async report(request: { on?: string }): Promise<AgedDebtReport> {
    if (
      request.on !== undefined &&
      (typeof request.on !== 'string' || !ISO_DATE.pattern.test(request.on) || Number.isNaN(Date.parse(request.on)))
    ) {
      throw BusException.validation([{ field: 'on', message: ISO_DATE.message }]);
    }
    const on = request.on ?? this.clock.now().toISOString().slice(0, 10);
    const rows = await this.unitOfWork.run(PLATFORM_SCOPE, (em) => new InvoiceRepository(em).agedDebt(on));
    const schools = rows.map((row) => ({
      schoolId: row.school_id,
      customerName: row.customer_name,
      currentPence: Number(row.current),
      days1To30Pence: Number(row.d1_30),
      days31To60Pence: Number(row.d31_60),
      days61To90Pence: Number(row.d61_90),
      over90DaysPence: Number(row.d90),
      totalPence: Number(row.total),
    }));
    const totals: AgedDebtBuckets = {
      currentPence: 0,
      days1To30Pence: 0,
      days31To60Pence: 0,
      days61To90Pence: 0,
      over90DaysPence: 0,
      totalPence: 0,
    };
    for (const school of schools) {
      for (const key of Object.keys(totals) as (keyof AgedDebtBuckets)[]) totals[key] += school[key];
    }
    return { on, schools, totals };
  }
}
