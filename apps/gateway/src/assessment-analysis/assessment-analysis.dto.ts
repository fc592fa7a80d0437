import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  AnalyseMeasureRequest,
  AnalyseSchoolsRequest,
  TransitionCellRequest,
  TransitionMatrixRequest,
} from '@pt/contracts';
import { IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

export class AnalysisQueryDto implements Omit<AnalyseMeasureRequest, 'pointId'> {
  @ApiProperty({ format: 'uuid', description: "One of the point's framework's measures" })
  @IsUUID()
  measureId!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Progress is measured from this point (e.g. the autumn baseline)',
  })
  @IsOptional()
  @IsUUID()
  baselinePointId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "The baseline's measure, when not the same measure" })
  @IsOptional()
  @IsUUID()
  baselineMeasureId?: string;
}

const UUID_LIST = /^[0-9a-fA-F-]{36}(,[0-9a-fA-F-]{36})*$/;

/** The query of a roll-up; schoolIds comma-separated (the grid of a trust, not a body). */
export class SchoolsAnalysisQueryDto implements Omit<AnalyseSchoolsRequest, 'schoolIds'> {
  @ApiProperty({ example: '2025/26' })
  @IsString()
  @Matches(/^\d{4}\/\d{2}$/)
  academicYear!: string;

  @ApiProperty({ example: 'Reading', description: "The measure's name in each school's framework of the year" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  measureName!: string;

  @ApiProperty({ example: 'Summer 2' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  pointName!: string;

  @ApiPropertyOptional({ example: 'Autumn 1' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  baselinePointName?: string;

  @ApiPropertyOptional({ description: 'Comma-separated school ids; every school that granted access when absent' })
  @IsOptional()
  @Matches(UUID_LIST, { message: 'schoolIds must be comma-separated UUIDs' })
  @MaxLength(200 * 37)
  schoolIds?: string;
}

export class TransitionMatrixQueryDto implements TransitionMatrixRequest {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  fromPointId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  fromMeasureId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  toPointId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  toMeasureId!: string;
}

export class TransitionCellQueryDto extends TransitionMatrixQueryDto implements TransitionCellRequest {
  @ApiProperty({ example: 'DEV', description: "The row's key (a grade code, or a band of a numeric range)" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  fromKey!: string;

  @ApiProperty({ example: 'SEC' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  toKey!: string;
}
