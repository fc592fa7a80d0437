import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CREDIT_NOTE_REASONS, CreateCreditNoteRequest, CreditNoteReason } from '@pt/contracts';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';

export class CreateCreditNoteDto implements Omit<CreateCreditNoteRequest, 'schoolId' | 'invoiceId'> {
  @ApiProperty({ enum: CREDIT_NOTE_REASONS })
  @IsIn([...CREDIT_NOTE_REASONS])
  reason!: CreditNoteReason;

  @ApiPropertyOptional({ description: 'What is credited; a line naming the invoice when absent' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  description?: string;

  @ApiPropertyOptional({
    description: 'Net pence credited (VAT added at the invoice rate); everything left when absent',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  netPence?: number;
}

export class CreditNotesQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this invoice's credit notes" })
  @IsOptional()
  @IsUUID()
  invoiceId?: string;
}
