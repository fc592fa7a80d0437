import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ListTargetsRequest,
  MAX_ON_TRACK_TOLERANCE,
  MAX_TARGET_KIND,
  MAX_TARGETS_PER_SET,
  ON_TRACK_RULE_KINDS,
  OnTrackRequest,
  OnTrackRuleKind,
  PupilTrackingRequest,
  SetOnTrackRuleRequest,
  SetTargetsRequest,
  TargetInput,
} from '@pt/contracts';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

/** One named target (described for the API; checked by the assessment service so errors name the target). */
export class TargetInputDto implements TargetInput {
  @ApiProperty({ example: 'minimum', maxLength: MAX_TARGET_KIND, description: '`minimum`, `aspirational` or your own' })
  kind!: string;

  @ApiProperty({ example: '110', description: "A grade code of the measure's scale, or a number in its range" })
  value!: string;
}

/**
 * A pupil's targets for the measure in the path; kinds not sent are kept. The targets are
 * checked against the measure's scale by the assessment service, so each error names its
 * target (`targets[1].value`).
 */
export class SetTargetsDto implements Omit<SetTargetsRequest, 'measureId' | 'pupilId'> {
  @ApiProperty({ type: [TargetInputDto], maxItems: MAX_TARGETS_PER_SET })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_TARGETS_PER_SET)
  @IsObject({ each: true })
  targets!: TargetInput[];
}

export class TargetsQueryDto implements Omit<ListTargetsRequest, 'measureId'> {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this pupil's targets; every pupil's when absent" })
  @IsOptional()
  @IsUUID()
  pupilId?: string;
}

/** The framework's one on-track rule; the straight-line fields are needed for straight-line only. */
export class SetOnTrackRuleDto implements Omit<SetOnTrackRuleRequest, 'frameworkId'> {
  @ApiProperty({ enum: ON_TRACK_RULE_KINDS })
  @IsIn(ON_TRACK_RULE_KINDS)
  kind!: OnTrackRuleKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'straight-line: the point whose result starts the path' })
  @IsOptional()
  @IsUUID()
  baselinePointId?: string;

  @ApiPropertyOptional({
    example: 'minimum',
    maxLength: MAX_TARGET_KIND,
    description: 'straight-line: the target kind',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TARGET_KIND)
  targetKind?: string;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_ON_TRACK_TOLERANCE,
    description: 'straight-line: points below the path still on track',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(MAX_ON_TRACK_TOLERANCE)
  tolerance?: number;
}

export class OnTrackQueryDto implements Omit<OnTrackRequest, 'pointId'> {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  measureId!: string;
}

export class PupilTrackingQueryDto implements Omit<PupilTrackingRequest, 'pupilId'> {
  @ApiPropertyOptional({
    example: '2026/27',
    description: "The academic year; the school's newest framework's when absent",
  })
  @IsOptional()
  @IsString()
  academicYear?: string;
}
