import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CtfDestination,
  DESTINATION_MISMATCH_POLICIES,
  DestinationMismatchPolicy,
  ExportPupilsCtfRequest,
  PUPIL_IMPORT_FORMATS,
  PupilImportFormat,
  StartPupilImportRequest,
} from '@pt/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  ValidateNested,
} from 'class-validator';
import { IsCtfEstablishmentNumber, IsCtfLaCode } from '../http/field-rules';

export class StartPupilImportQueryDto implements Pick<StartPupilImportRequest, 'format' | 'destinationMismatch'> {
  @ApiProperty({ enum: PUPIL_IMPORT_FORMATS, description: 'ctf: body is the CTF XML; csv: body is the CSV' })
  @IsIn(PUPIL_IMPORT_FORMATS)
  format!: PupilImportFormat;

  @ApiPropertyOptional({
    description: 'csv only: JSON object of CSV column header to field, e.g. {"UPN":"upn","Surname":"legalSurname"}',
  })
  @IsOptional()
  @IsString()
  mapping?: string;

  @ApiPropertyOptional({
    enum: DESTINATION_MISMATCH_POLICIES,
    default: 'warn',
    description: 'ctf only: a file addressed to another school is imported with a warning, or refused',
  })
  @IsOptional()
  @IsIn(DESTINATION_MISMATCH_POLICIES)
  destinationMismatch?: DestinationMismatchPolicy;
}

export class CtfDestinationDto implements CtfDestination {
  @ApiProperty({ example: '873' })
  @IsCtfLaCode()
  laCode!: string;

  @ApiProperty({ example: '2001' })
  @IsCtfEstablishmentNumber()
  establishmentNumber!: string;
}

export class ExportPupilsCtfDto implements ExportPupilsCtfRequest {
  @ApiPropertyOptional({ type: [String], description: 'Omitted: every pupil of the school (restricted ones left out)' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50_000)
  @IsUUID('all', { each: true })
  pupilIds?: string[];

  @ApiPropertyOptional({ type: CtfDestinationDto, description: 'DestSchool; unknown: MMM/XXXX' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CtfDestinationDto)
  destination?: CtfDestinationDto;
}
