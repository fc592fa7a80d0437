import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApplyCreditRequest, PAYMENT_METHODS, PaymentMethod, RecordRefundRequest } from '@pt/contracts';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsIsoDate } from '../http/field-rules';

export class RecordRefundDto implements Omit<RecordRefundRequest, 'schoolId'> {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Refund what this credit note left owed to the school; from the account credit as a whole when absent',
  })
  @IsOptional()
  @IsUUID()
  creditNoteId?: string;

  @ApiProperty({ enum: PAYMENT_METHODS })
  @IsIn([...PAYMENT_METHODS])
  method!: PaymentMethod;

  @ApiProperty({
    example: 'REFUND 0042',
    description: "The bank or card processor's reference for the money sent back",
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  reference!: string;

  @ApiProperty({ example: 12000 })
  @IsInt()
  @Min(1)
  @Max(100_000_000_000)
  amountPence!: number;

  @ApiProperty({ format: 'date', example: '2026-10-01' })
  @IsIsoDate()
  refundedOn!: string;
}

export class ApplyCreditDto implements Omit<ApplyCreditRequest, 'schoolId'> {
  @ApiProperty({ format: 'uuid', description: 'The invoice the credit pays' })
  @IsUUID()
  invoiceId!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "Use this credit note's part owed to the school; the account credit as a whole when absent",
  })
  @IsOptional()
  @IsUUID()
  creditNoteId?: string;

  @ApiProperty({ example: 12000 })
  @IsInt()
  @Min(1)
  @Max(100_000_000_000)
  amountPence!: number;
}
