import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CreateFrameworkRequest, ListTemplatesRequest } from '@pt/contracts';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsAcademicYear, IsIsoDate } from '../http/field-rules';

const MAX_NAME = 200;

export class TemplatesQueryDto implements ListTemplatesRequest {
  @ApiPropertyOptional({ example: '2026/27', description: 'Only the templates whose version covers this year' })
  @IsOptional()
  @IsAcademicYear()
  academicYear?: string;
}

export class CreateFrameworkDto implements CreateFrameworkRequest {
  @ApiProperty({ example: '2026/27' })
  @IsAcademicYear()
  academicYear!: string;

  @ApiProperty({ example: 'Primary tracking 2026/27' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_NAME)
  name!: string;
}

/** The body of an adoption: the framework is in the path. */
export class AdoptTemplateDto {
  @ApiProperty({ example: 'ks2-scaled-scores' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  templateKey!: string;
}

export class AddMeasureDto {
  @ApiProperty({ example: 'Science' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_NAME)
  name!: string;

  @ApiProperty({ format: 'uuid', description: 'One of the framework’s grade scales' })
  @IsUUID()
  gradeScaleId!: string;
}

export class AddAssessmentPointDto {
  @ApiProperty({ example: 'Autumn 1' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_NAME)
  name!: string;

  @ApiProperty({ example: '2026-10-23' })
  @IsIsoDate()
  date!: string;
}
