import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ListResultsRequest,
  MAX_GRID_CELLS,
  MAX_RESULT_COMMENT,
  MissingResultsRequest,
  ResultCellInput,
  ResultHistoryRequest,
  SaveResultGridRequest,
  YEAR_GROUPS,
  YearGroup,
} from '@pt/contracts';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';

/** The body of one result: the point is in the path. */
export class RecordResultDto implements ResultCellInput {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  pupilId!: string;

  @ApiProperty({ format: 'uuid', description: "One of the point's framework's measures" })
  @IsUUID()
  measureId!: string;

  @ApiProperty({ example: '104', description: "A grade code of the measure's scale, or a number in its range" })
  @IsString()
  @MaxLength(40)
  value!: string;

  @ApiPropertyOptional({ type: String, maxLength: MAX_RESULT_COMMENT, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_RESULT_COMMENT)
  comment?: string | null;
}

/**
 * A grid at the point in the path. The cells are checked by the assessment service, so
 * every error names its cell (`cells[3].value`) and nothing is written if any is bad.
 */
export class SaveResultGridDto implements Omit<SaveResultGridRequest, 'pointId'> {
  @ApiProperty({ type: [RecordResultDto], maxItems: MAX_GRID_CELLS })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(MAX_GRID_CELLS)
  @IsObject({ each: true })
  cells!: ResultCellInput[];
}

export class ResultsQueryDto implements Omit<ListResultsRequest, 'pointId'> {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this measure's results; the whole grid when absent" })
  @IsOptional()
  @IsUUID()
  measureId?: string;
}

export class ResultHistoryQueryDto implements Omit<ResultHistoryRequest, 'pointId'> {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  measureId!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  pupilId!: string;
}

export class MissingResultsQueryDto implements Omit<MissingResultsRequest, 'pointId'> {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this measure; every measure of the framework when absent' })
  @IsOptional()
  @IsUUID()
  measureId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "Only pupils in this class group as at the point's date" })
  @IsOptional()
  @IsUUID()
  classGroupId?: string;

  @ApiPropertyOptional({ enum: YEAR_GROUPS, description: "Only pupils in this year group as at the point's date" })
  @IsOptional()
  @IsIn(YEAR_GROUPS)
  yearGroup?: YearGroup;
}
