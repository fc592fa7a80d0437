import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PAYMENT_METHODS, PaymentMethod, RecordPaymentRequest } from '@pt/contracts';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsIsoDate } from '../http/field-rules';

export class RecordPaymentDto implements Omit<RecordPaymentRequest, 'schoolId'> {
  @ApiProperty({ enum: PAYMENT_METHODS })
  @IsIn([...PAYMENT_METHODS])
  method!: PaymentMethod;

  @ApiProperty({
    example: 'BACS 0042',
    description: "The bank reference or the card payment's reference (never a card number)",
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  reference!: string;

  @ApiProperty({ example: 132000 })
  @IsInt()
  @Min(1)
  @Max(100_000_000_000)
  amountPence!: number;

  @ApiProperty({ format: 'date', example: '2026-10-01' })
  @IsIsoDate()
  receivedOn!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Allocate to this invoice; oldest due first when absent' })
  @IsOptional()
  @IsUUID()
  invoiceId?: string;
}

export class AgedDebtQueryDto {
  @ApiPropertyOptional({ format: 'date', description: "The report's day; today when absent" })
  @IsOptional()
  @IsIsoDate()
  on?: string;
}

export class StatementQueryDto {
  @ApiPropertyOptional({ format: 'date', description: 'First day; from the beginning when absent' })
  @IsOptional()
  @IsIsoDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Last day; today when absent' })
  @IsOptional()
  @IsIsoDate()
  to?: string;
}
