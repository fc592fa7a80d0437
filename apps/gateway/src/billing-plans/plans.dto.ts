import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CreatePlanRequest, ListPlansRequest, PerPupilPrice, PriceBand, PriceTerms, QuoteRequest } from '@pt/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsIsoDate, NestedObject } from '../http/field-rules';

/** Far above any school's figures (billing checks the same limits): a yearly fee up to £10m, £10,000 a pupil. */
const MAX_BASE_FEE_PENCE = 1_000_000_000;
const MAX_PER_PUPIL_PENCE = 1_000_000;
const MAX_PUPILS = 100_000;

export class PriceBandDto implements PriceBand {
  @ApiProperty({ description: 'The band covers rolls from this many pupils (the first band starts at 0)' })
  @IsInt()
  @Min(0)
  @Max(MAX_PUPILS)
  fromPupils!: number;

  @ApiProperty({ description: 'Price of every pupil when the roll falls in this band, in pence' })
  @IsInt()
  @Min(0)
  @Max(MAX_PER_PUPIL_PENCE)
  perPupilPence!: number;
}

export class PerPupilPriceDto {
  @ApiProperty({ enum: ['linear', 'banded'] })
  @IsIn(['linear', 'banded'])
  kind!: 'linear' | 'banded';

  @ApiPropertyOptional({ description: 'linear: the price of every pupil, in pence' })
  @ValidateIf((price: PerPupilPriceDto) => price.kind === 'linear')
  @IsInt()
  @Min(0)
  @Max(MAX_PER_PUPIL_PENCE)
  perPupilPence?: number;

  @ApiPropertyOptional({ type: [PriceBandDto], description: 'banded: the bands, by ascending fromPupils' })
  @ValidateIf((price: PerPupilPriceDto) => price.kind === 'banded')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PriceBandDto)
  bands?: PriceBandDto[];
}

export class PriceTermsDto implements PriceTerms {
  @ApiProperty({ format: 'date', example: '2027-09-01', description: 'The first day the version is in force' })
  @IsIsoDate()
  effectiveFrom!: string;

  @ApiProperty({ description: 'The yearly base fee in pence, excluding VAT', example: 50000 })
  @IsInt()
  @Min(0)
  @Max(MAX_BASE_FEE_PENCE)
  baseFeePence!: number;

  @ApiProperty({ type: PerPupilPriceDto })
  @NestedObject(() => PerPupilPriceDto)
  perPupil!: PerPupilPrice;

  @ApiProperty({ description: 'VAT rate in basis points (UK standard 20% = 2000)', example: 2000 })
  @IsInt()
  @Min(0)
  @Max(10_000)
  vatRateBasisPoints!: number;
}

export class CreatePlanDto implements CreatePlanRequest {
  @ApiProperty({ example: 'standard', description: 'A short unique code: lower-case letters, digits and dashes' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,39}$/, { message: 'must be 1 to 40 lower-case letters, digits or dashes' })
  code!: string;

  @ApiProperty({ example: 'Standard' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ type: PriceTermsDto, description: "The plan's first price version" })
  @NestedObject(() => PriceTermsDto)
  price!: PriceTermsDto;
}

export class PlansQueryDto implements ListPlansRequest {
  @ApiPropertyOptional({ format: 'date', description: 'The day whose price in force is shown; today when absent' })
  @IsOptional()
  @IsIsoDate()
  on?: string;
}

export class QuoteQueryDto implements Omit<QuoteRequest, 'planId'> {
  @ApiProperty({ description: 'Pupils on roll' })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_PUPILS)
  pupils!: number;

  @ApiPropertyOptional({ format: 'date', description: 'The day whose price in force is used; today when absent' })
  @IsOptional()
  @IsIsoDate()
  on?: string;
}
