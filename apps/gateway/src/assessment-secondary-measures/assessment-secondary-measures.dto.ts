import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  KS4_ROLES,
  Ks4MeasureInput,
  Ks4Role,
  MAX_BASELINE_LABEL,
  MAX_PRIOR_ATTAINMENT_PUPILS,
  MAX_PROGRESS8_ESTIMATES,
  PriorAttainmentInput,
  PROGRESS8_BASELINE_KINDS,
  Progress8BaselineKind,
  Progress8Estimate,
  SetKs4MeasuresRequest,
  SetNationalProgress8EstimatesRequest,
  SetPriorAttainmentRequest,
  SetProgress8BaselineRequest,
} from '@pt/contracts';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsIn, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';

// The entries of each list are described here and checked by the assessment service, so
// each error names its entry (`measures[2].role`, `estimates[1].to`, `pupils[3].score`).

export class Ks4MeasureInputDto implements Ks4MeasureInput {
  @ApiProperty({ format: 'uuid', description: "One of the framework's measures" })
  measureId!: string;

  @ApiProperty({ enum: KS4_ROLES, description: 'What the measure counts as in Attainment 8' })
  role!: Ks4Role;
}

/** Which measures count in Attainment 8, and as what; measures not listed count in none. */
export class SetKs4MeasuresDto implements Omit<SetKs4MeasuresRequest, 'frameworkId'> {
  @ApiProperty({ type: [Ks4MeasureInputDto] })
  @IsArray()
  @IsObject({ each: true })
  measures!: Ks4MeasureInput[];
}

export class Progress8EstimateDto implements Progress8Estimate {
  @ApiProperty({ example: 105, description: 'Lowest prior-attainment score of the band (inclusive)' })
  from!: number;

  @ApiProperty({ example: 106, description: 'End of the band (exclusive)' })
  to!: number;

  @ApiProperty({ example: 52.3, minimum: 0, maximum: 90 })
  estimatedAttainment8!: number;
}

/** The cohort's Progress 8 baseline for the framework's year, with its estimates per band of prior attainment. */
export class SetProgress8BaselineDto implements Omit<SetProgress8BaselineRequest, 'frameworkId'> {
  @ApiProperty({
    enum: PROGRESS8_BASELINE_KINDS,
    description:
      "`ks2`: DfE's estimates for the year; `alternative`: the school's own baseline where no national one exists",
  })
  @IsIn(PROGRESS8_BASELINE_KINDS)
  kind!: Progress8BaselineKind;

  @ApiProperty({ example: 'KS2 2021/22', maxLength: MAX_BASELINE_LABEL })
  @IsString()
  @MaxLength(MAX_BASELINE_LABEL)
  label!: string;

  @ApiPropertyOptional({
    type: [Progress8EstimateDto],
    maxItems: MAX_PROGRESS8_ESTIMATES,
    description: "Absent or empty for `ks2`: the platform's national estimates for the framework's year are used",
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_PROGRESS8_ESTIMATES)
  @IsObject({ each: true })
  estimates?: Progress8Estimate[];
}

/** DfE's Progress 8 estimates for an academic year, for every school. */
export class SetNationalProgress8EstimatesDto implements SetNationalProgress8EstimatesRequest {
  @ApiProperty({ example: '2026/27' })
  @IsString()
  academicYear!: string;

  @ApiProperty({ type: [Progress8EstimateDto], maxItems: MAX_PROGRESS8_ESTIMATES })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_PROGRESS8_ESTIMATES)
  @IsObject({ each: true })
  estimates!: Progress8Estimate[];
}

export class NationalEstimatesQueryDto {
  @ApiProperty({ example: '2026/27' })
  @IsString()
  academicYear!: string;
}

export class PriorAttainmentInputDto implements PriorAttainmentInput {
  @ApiProperty({ format: 'uuid' })
  pupilId!: string;

  @ApiProperty({ example: 105.5, description: 'The score on the baseline (e.g. KS2 average scaled score)' })
  score!: number;
}

/** Pupils' prior attainment on the cohort's baseline; every entry is saved or none. */
export class SetPriorAttainmentDto implements Omit<SetPriorAttainmentRequest, 'frameworkId'> {
  @ApiProperty({ type: [PriorAttainmentInputDto], maxItems: MAX_PRIOR_ATTAINMENT_PUPILS })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_PRIOR_ATTAINMENT_PUPILS)
  @IsObject({ each: true })
  pupils!: PriorAttainmentInput[];
}
