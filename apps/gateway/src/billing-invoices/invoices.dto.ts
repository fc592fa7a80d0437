import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CreateInvoiceDraftRequest,
  InvoiceRunRequest,
  InvoiceStatus,
  ListInvoicesRequest,
  VoidInvoiceRequest,
} from '@pt/contracts';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsIsoDate } from '../http/field-rules';

const STATUSES: InvoiceStatus[] = ['draft', 'issued', 'partly_paid', 'paid', 'void'];

export class CreateInvoiceDraftDto implements Omit<CreateInvoiceDraftRequest, 'schoolId'> {
  @ApiPropertyOptional({
    format: 'date',
    example: '2026-09-01',
    description: "A day of the term year to invoice; the subscription's first term year when absent",
  })
  @IsOptional()
  @IsIsoDate()
  periodOn?: string;
}

export class VoidInvoiceDto implements Pick<VoidInvoiceRequest, 'reason'> {
  @ApiProperty({ example: 'Addressed to the wrong legal entity' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

export class InvoicesQueryDto implements Pick<ListInvoicesRequest, 'status'> {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: InvoiceStatus;
}

export class InvoiceRunDto implements InvoiceRunRequest {
  @ApiPropertyOptional({ format: 'date', description: "The run's day; today when absent" })
  @IsOptional()
  @IsIsoDate()
  on?: string;
}
