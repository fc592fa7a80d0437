import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FINANCE_EXPORT_LAYOUTS, FinanceExportLayout, FinanceExportRequest } from '@pt/contracts';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { IsIsoDate } from '../http/field-rules';

export class FinanceExportParamsDto {
  @ApiProperty({ enum: FINANCE_EXPORT_LAYOUTS })
  @IsIn([...FINANCE_EXPORT_LAYOUTS])
  layout!: FinanceExportLayout;
}

export class FinanceExportQueryDto implements Omit<FinanceExportRequest, 'layout'> {
  @ApiProperty({ format: 'date', description: 'First day of issue', example: '2026-09-01' })
  @IsIsoDate()
  from!: string;

  @ApiProperty({ format: 'date', description: 'Last day of issue (included)', example: '2026-09-30' })
  @IsIsoDate()
  to!: string;

  @ApiPropertyOptional({
    description:
      'Sales account (Xero AccountCode, default 200; Sage 50 nominal, default 4000) or QuickBooks product/service',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[\x20-\x7e]{1,40}$/, { message: 'must be 1 to 40 printable characters' })
  accountCode?: string;
}
