import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CreateSchoolRequest,
  ListSchoolsRequest,
  PostalAddressData,
  RecordSignatureRequest,
  SchoolContactData,
} from '@pt/contracts';
import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsEstablishmentNumber, IsLaCode, IsSchoolPostcode, IsSchoolTelephone } from '../http/field-rules';
import { PageQueryDto } from '../http/pagination.dto';

export class PostalAddressDto implements PostalAddressData {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) line1!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) line2?: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(100) town!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) county?: string;
  @ApiProperty({ example: 'SW1A 1AA' })
  @IsString()
  @IsSchoolPostcode()
  postcode!: string;
}

export class SchoolContactDto implements SchoolContactData {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) name!: string;
  @ApiProperty() @IsEmail() @MaxLength(320) email!: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsSchoolTelephone()
  telephone?: string;
}

export class CreateSchoolDto implements CreateSchoolRequest {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) name!: string;

  @ApiProperty({ example: '123', description: 'DfE local authority code' })
  @IsLaCode()
  laCode!: string;

  @ApiProperty({ example: '4567', description: 'DfE establishment number' })
  @IsEstablishmentNumber()
  establishmentNumber!: string;

  @ApiProperty({ type: PostalAddressDto })
  @ValidateNested()
  @Type(() => PostalAddressDto)
  address!: PostalAddressDto;

  @ApiProperty({ type: SchoolContactDto })
  @ValidateNested()
  @Type(() => SchoolContactDto)
  contact!: SchoolContactDto;
}

export class RecordSignatureDto implements Omit<RecordSignatureRequest, 'schoolId'> {
  @ApiProperty({ description: 'Who signed for the school' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  signedByName!: string;

  @ApiProperty({ example: 'Headteacher' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  signedByRole!: string;

  @ApiProperty({ example: '2026-09', description: 'Version of the data processing terms signed' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  termsVersion!: string;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  signedAt!: string;
}

export class SchoolListQueryDto extends PageQueryDto implements ListSchoolsRequest {
  @ApiPropertyOptional({ enum: ['onboarding', 'active', 'suspended'] })
  @IsOptional()
  @IsIn(['onboarding', 'active', 'suspended'])
  status?: 'onboarding' | 'active' | 'suspended';
}
