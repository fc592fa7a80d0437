import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AddBreachSchoolsRequest, AddBreachUpdateRequest, RecordBreachRequest } from '@pt/contracts';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

export class RecordBreachDto implements RecordBreachRequest {
  @ApiProperty({ format: 'date-time', description: 'When the incident was detected: the 72-hour clock starts here' })
  @IsISO8601({ strict: true })
  detectedAt!: string;

  @ApiProperty({ description: 'What happened' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  nature!: string;

  @ApiProperty({ type: [String], example: ['pupil names', 'assessment results'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  dataCategories!: string[];

  @ApiProperty({ description: 'Approximate number of people affected' })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  approxPeople!: number;

  @ApiProperty({ description: 'Approximate number of records affected' })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  approxRecords!: number;

  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) likelyConsequences!: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) measuresTaken!: string;

  @ApiProperty({ description: 'Who schools and the ICO contact about it' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  contactPoint!: string;

  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  affectedSchoolIds!: string[];
}

export class BreachUpdateDto implements Omit<AddBreachUpdateRequest, 'incidentId'> {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) note!: string;

  @ApiPropertyOptional({ description: "Replaces the incident's measures taken" })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  measuresTaken?: string;
}

export class BreachSchoolsDto implements Omit<AddBreachSchoolsRequest, 'incidentId'> {
  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  schoolIds!: string[];
}
