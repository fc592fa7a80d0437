import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CreateFinanceApiKeyRequest,
  FINANCE_API_SCOPES,
  FinanceApiScope,
  RotateFinanceApiKeyRequest,
} from '@pt/contracts';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';

export class CreateFinanceApiKeyDto implements CreateFinanceApiKeyRequest {
  @ApiProperty({ description: 'What the key is for (e.g. the finance system using it)', example: 'Xero sync' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: FINANCE_API_SCOPES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(FINANCE_API_SCOPES.length)
  @IsIn([...FINANCE_API_SCOPES], { each: true })
  scopes!: FinanceApiScope[];

  @ApiProperty({ format: 'date-time', description: 'When the key stops working (within 400 days)' })
  @IsISO8601({ strict: true })
  expiresAt!: string;
}

export class RotateFinanceApiKeyDto implements Omit<RotateFinanceApiKeyRequest, 'keyId'> {
  @ApiProperty({ format: 'date-time', description: 'Until when the old key keeps working beside the new one' })
  @IsISO8601({ strict: true })
  oldKeyExpiresAt!: string;

  @ApiPropertyOptional({ format: 'date-time', description: "The new key's expiry; the old key's when absent" })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}
