import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ChangeSubscriptionPlanRequest,
  CreateSubscriptionRequest,
  RenewSubscriptionRequest,
  LegalEntity,
  LegalEntityAddress,
  LegalEntityKind,
} from '@pt/contracts';

import {
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsIsoDate, IsUkPostcode, NestedObject } from '../http/field-rules';

/** Billing checks the same limit. */
const MAX_PUPILS = 100_000;

export class LegalEntityAddressDto implements LegalEntityAddress {
  @ApiProperty({ example: '1 Trust Way' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  line1!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  line2?: string;

  @ApiProperty({ example: 'Testbury' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  town!: string;

  @ApiProperty({ example: 'TE1 1ST' })
  @IsString()
  @IsUkPostcode()
  postcode!: string;
}

export class LegalEntityDto implements LegalEntity {
  @ApiProperty({
    enum: ['academy_trust', 'la_school'],
    description: 'The academy trust, or the local-authority maintained school',
  })
  @IsIn(['academy_trust', 'la_school'])
  kind!: LegalEntityKind;

  @ApiProperty({ example: 'Oak Learning Trust' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ type: LegalEntityAddressDto })
  @NestedObject(() => LegalEntityAddressDto)
  address!: LegalEntityAddressDto;

  @ApiPropertyOptional({ example: '01234567', description: 'Companies House number (academy trusts)' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z0-9]{8}$/, { message: 'must be a company number of 8 letters or digits' })
  companyNumber?: string;
}

export class CreateSubscriptionDto implements Omit<CreateSubscriptionRequest, 'schoolId'> {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  planId!: string;

  @ApiProperty({ format: 'date', example: '2026-09-01', description: 'First day of the term' })
  @IsIsoDate()
  startsOn!: string;

  @ApiProperty({ format: 'date', example: '2027-08-31', description: 'Last day of the term, included' })
  @IsIsoDate()
  endsOn!: string;

  @ApiPropertyOptional({ description: "Pupils on roll for the price: an override of the school's recorded roll" })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PUPILS)
  pupils?: number;

  @ApiProperty({ example: 'bursar@trust.example', description: 'Personal data: never logged' })
  @IsEmail()
  @MaxLength(254)
  billingContactEmail!: string;

  @ApiPropertyOptional({ example: 'PO-1234' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  purchaseOrderNumber?: string;

  @ApiProperty({ type: LegalEntityDto })
  @NestedObject(() => LegalEntityDto)
  legalEntity!: LegalEntityDto;
}

export class ChangeSubscriptionPlanDto implements Omit<ChangeSubscriptionPlanRequest, 'schoolId'> {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  planId!: string;

  @ApiProperty({ format: 'date', description: 'The first day on the new plan, within the term' })
  @IsIsoDate()
  on!: string;

  @ApiPropertyOptional({ description: "Pupils on roll for the new price: an override of the school's recorded roll" })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PUPILS)
  pupils?: number;
}

export class RenewSubscriptionDto implements Omit<RenewSubscriptionRequest, 'schoolId'> {
  @ApiProperty({
    format: 'date',
    example: '2028-08-31',
    description:
      "The new term's last day: after the current term's, not before today; the term starts the day after the current one ends",
  })
  @IsIsoDate()
  endsOn!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Another plan for the new term; the current plan when absent' })
  @IsOptional()
  @IsUUID()
  planId?: string;

  @ApiPropertyOptional({ description: "Pupils on roll for the new price: an override of the school's recorded roll" })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PUPILS)
  pupils?: number;
}
