import { Controller } from '@nestjs/common';
import { FINANCE_LIST_INVOICES, FinanceInvoicePage, FinancePageRequest } from '@pt/contracts';
import { Access, Allow, Handles, MsgData } from '@pt/platform';
import { FinanceApiService } from './finance-api.service';

/** The finance API's reads (P28): each declares the key scope it needs, checked here where the data is. */
@Controller()
export class FinanceApiController {
  constructor(private readonly finance: FinanceApiService) {}

  @Handles(FINANCE_LIST_INVOICES)
  @Access(Allow.platform('invoices:read'))
  invoices(@MsgData() data: FinancePageRequest): Promise<FinanceInvoicePage> {
    return this.finance.invoices(data);
  }
}
