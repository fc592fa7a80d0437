import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  AttendanceFields,
  CreateClassGroupRequest,
  CreatePupilRequest,
  ErasePupilRequest,
  ETHNICITY_CODES,
  EthnicityCode,
  Gender,
  GENDERS,
  LiftRestrictionRequest,
  ListPupilsRequest,
  PUPIL_REQUESTERS,
  PupilFields,
  PupilFlag,
  PupilRequester,
  RESTRICTION_KINDS,
  RestrictionKind,
  RestrictPupilRequest,
  SEN_NEED_TYPES,
  SEN_STATUSES,
  SenNeedType,
  SenStatus,
  YEAR_GROUPS,
  YearGroup,
} from '@pt/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsIsoDate, Present, QueryBoolean } from '../http/field-rules';

/**
 * P14: the fields of a pupil record and their shapes. The service checks the rules that
 * need more than a shape (the UPN's check letter, the date of birth against the year
 * group, attended ≤ possible sessions, a unique UPN) and answers 400 naming the field.
 */

export class AttendanceDto implements AttendanceFields {
  @ApiProperty({ minimum: 0, maximum: 1000, description: 'Sessions the pupil could have attended' })
  @IsInt()
  @Min(0)
  @Max(1000)
  possibleSessions!: number;

  @ApiProperty({ minimum: 0, maximum: 1000, description: 'Sessions attended (no more than possibleSessions)' })
  @IsInt()
  @Min(0)
  @Max(1000)
  attendedSessions!: number;
}

/** The fields a new and a changed pupil share the shapes of (the required ones are in the two classes below). */
export class PupilDetailsDto implements Partial<PupilFields> {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  middleNames?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  preferredForename?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  preferredSurname?: string | null;

  @ApiPropertyOptional({ enum: GENDERS })
  @Present()
  @IsIn(GENDERS)
  gender?: Gender;

  @ApiPropertyOptional({ enum: ETHNICITY_CODES, nullable: true, description: 'DfE main ethnicity code' })
  @IsOptional()
  @IsIn(ETHNICITY_CODES)
  ethnicity?: EthnicityCode | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  classGroupId?: string | null;

  @ApiPropertyOptional({ type: AttendanceDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AttendanceDto)
  attendance?: AttendanceDto | null;

  @ApiPropertyOptional({ enum: SEN_STATUSES })
  @Present()
  @IsIn(SEN_STATUSES)
  senStatus?: SenStatus;

  @ApiPropertyOptional({
    enum: SEN_NEED_TYPES,
    isArray: true,
    nullable: true,
    description: 'Special category (P16): accepted only while the special-category consent stands',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(SEN_NEED_TYPES.length)
  @IsIn(SEN_NEED_TYPES, { each: true })
  senNeeds?: SenNeedType[] | null;

  @ApiPropertyOptional() @Present() @IsBoolean() fsm?: boolean;
  @ApiPropertyOptional({ description: 'Eligible for free school meals at any time in the last six years' })
  @Present()
  @IsBoolean()
  fsm6?: boolean;
  @ApiPropertyOptional() @Present() @IsBoolean() pupilPremium?: boolean;
  @ApiPropertyOptional({ description: 'English as an additional language' }) @Present() @IsBoolean() eal?: boolean;
  @ApiPropertyOptional({ description: 'Looked after by the local authority' })
  @Present()
  @IsBoolean()
  inLaCare?: boolean;
  @ApiPropertyOptional() @Present() @IsBoolean() everInCare?: boolean;
  @ApiPropertyOptional() @Present() @IsBoolean() giftedAndTalented?: boolean;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @IsOptional()
  @IsIsoDate()
  entryDate?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @IsOptional()
  @IsIsoDate()
  leavingDate?: string | null;
}

/** PATCH: every field optional; only what is sent changes. */
export class UpdatePupilDto extends PupilDetailsDto implements Partial<PupilFields> {
  @ApiPropertyOptional({ example: 'H801200001001', description: 'Unique Pupil Number with its DfE check letter' })
  @Present()
  @IsString()
  @MaxLength(20)
  upn?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @Present()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  legalForename?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @Present()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  legalSurname?: string;

  @ApiPropertyOptional({ format: 'date', example: '2015-03-14' })
  @Present()
  @IsIsoDate()
  dateOfBirth?: string;

  @ApiPropertyOptional({ enum: YEAR_GROUPS })
  @Present()
  @IsIn(YEAR_GROUPS)
  yearGroup?: YearGroup;
}

/** A new pupil: UPN, legal names, date of birth and year group are required. */
export class CreatePupilDto extends PupilDetailsDto implements CreatePupilRequest {
  @ApiProperty({ example: 'H801200001001', description: 'Unique Pupil Number with its DfE check letter' })
  @IsDefined()
  @IsString()
  @MaxLength(20)
  upn!: string;

  @ApiProperty({ maxLength: 100 })
  @IsDefined()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  legalForename!: string;

  @ApiProperty({ maxLength: 100 })
  @IsDefined()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  legalSurname!: string;

  @ApiProperty({ format: 'date', example: '2015-03-14' })
  @IsDefined()
  @IsIsoDate()
  dateOfBirth!: string;

  @ApiProperty({ enum: YEAR_GROUPS })
  @IsDefined()
  @IsIn(YEAR_GROUPS)
  yearGroup!: YearGroup;
}

/**
 * Not a PageQueryDto: the pupil list's cursor is sealed (pupil-records encrypts the last
 * row's names into it, so no name is in a URL), which makes it longer than other lists'
 * cursors: two names of up to 100 characters each.
 */
export class PupilListQueryDto implements Omit<ListPupilsRequest, 'flags'>, Partial<Record<PupilFlag, boolean>> {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page (opaque and sealed: it names no pupil)' })
  @IsOptional()
  @IsString()
  @MaxLength(1200)
  cursor?: string;

  @ApiPropertyOptional({ enum: YEAR_GROUPS })
  @IsOptional()
  @IsIn(YEAR_GROUPS)
  yearGroup?: YearGroup;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  classGroupId?: string;

  @ApiPropertyOptional({ description: 'Words that begin a legal or preferred name, or the start of a UPN' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: SEN_STATUSES })
  @IsOptional()
  @IsIn(SEN_STATUSES)
  senStatus?: SenStatus;

  @ApiPropertyOptional({ description: 'P18: only restricted (true) or only unrestricted (false) pupils' })
  @IsOptional()
  @QueryBoolean()
  restricted?: boolean;

  @ApiPropertyOptional() @IsOptional() @QueryBoolean() fsm?: boolean;
  @ApiPropertyOptional() @IsOptional() @QueryBoolean() fsm6?: boolean;
  @ApiPropertyOptional() @IsOptional() @QueryBoolean() pupilPremium?: boolean;
  @ApiPropertyOptional() @IsOptional() @QueryBoolean() eal?: boolean;
  @ApiPropertyOptional() @IsOptional() @QueryBoolean() inLaCare?: boolean;
  @ApiPropertyOptional() @IsOptional() @QueryBoolean() everInCare?: boolean;
  @ApiPropertyOptional() @IsOptional() @QueryBoolean() giftedAndTalented?: boolean;
}

/** Why, and for which rights-register request: what every restriction, lift and erasure records. */
export class LiftRestrictionDto implements Omit<LiftRestrictionRequest, 'pupilId'> {
  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The rights-register request this carries out' })
  @IsOptional()
  @IsUUID()
  rightsRequestId?: string;
}

export class ErasePupilDto extends LiftRestrictionDto implements Omit<ErasePupilRequest, 'pupilId'> {
  @ApiProperty({ enum: PUPIL_REQUESTERS, description: 'Who asked: the school, the pupil or a parent' })
  @IsIn(PUPIL_REQUESTERS)
  requestedBy!: PupilRequester;
}

export class RestrictPupilDto extends ErasePupilDto implements Omit<RestrictPupilRequest, 'pupilId'> {
  @ApiProperty({ enum: RESTRICTION_KINDS })
  @IsIn(RESTRICTION_KINDS)
  kind!: RestrictionKind;
}

export class CreateClassGroupDto implements CreateClassGroupRequest {
  @ApiProperty({ example: '7B', maxLength: 50 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  name!: string;

  @ApiPropertyOptional({ enum: YEAR_GROUPS, nullable: true })
  @IsOptional()
  @IsIn(YEAR_GROUPS)
  yearGroup?: YearGroup | null;
}
