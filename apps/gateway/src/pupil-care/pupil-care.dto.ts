import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  AddHealthNoteRequest,
  CONSENT_KINDS,
  ConsentKind,
  CreateGuardianRequest,
  GiveConsentRequest,
  GUARDIAN_RELATIONSHIPS,
  GuardianAddress,
  GuardianRelationship,
  HEALTH_NOTE_CATEGORIES,
  HealthNoteCategory,
  GuardianFields,
  WithdrawConsentRequest,
} from '@pt/contracts';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

import { IsIsoDate, IsTelephone, IsUkPostcode, NestedObject, Present } from '../http/field-rules';

export class GuardianAddressDto implements GuardianAddress {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  line1!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  line2?: string | null;

  @ApiProperty({ maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  town!: string;

  @ApiProperty({ example: 'SW1A 1AA' })
  @IsString()
  @IsUkPostcode()
  postcode!: string;
}

/** A pupil's parent or carer: name, relationship, parental responsibility, contact (P16's consent givers). */
export class CreateGuardianDto implements Omit<CreateGuardianRequest, 'pupilId'> {
  @ApiPropertyOptional({ type: String, example: 'Mrs', maxLength: 20, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  title?: string | null;

  @ApiProperty({ maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  forename!: string;

  @ApiProperty({ maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  surname!: string;

  @ApiProperty({ enum: GUARDIAN_RELATIONSHIPS })
  @IsIn(GUARDIAN_RELATIONSHIPS)
  relationship!: GuardianRelationship;

  @ApiProperty()
  @IsBoolean()
  parentalResponsibility!: boolean;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+44 20 7946 0000' })
  @IsOptional()
  @IsTelephone()
  telephone?: string | null;

  @ApiPropertyOptional({ type: GuardianAddressDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => GuardianAddressDto)
  address?: GuardianAddressDto | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 99, description: 'Contact order; default: after the others' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(99)
  priority?: number;
}

export class UpdateGuardianDto implements Partial<GuardianFields> {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 20 })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  title?: string | null;

  @ApiPropertyOptional({ maxLength: 100 })
  @Present()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  forename?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @Present()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  surname?: string;

  @ApiPropertyOptional({ enum: GUARDIAN_RELATIONSHIPS })
  @Present()
  @IsIn(GUARDIAN_RELATIONSHIPS)
  relationship?: GuardianRelationship;

  @ApiPropertyOptional()
  @Present()
  @IsBoolean()
  parentalResponsibility?: boolean;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsTelephone()
  telephone?: string | null;

  @ApiPropertyOptional({ type: GuardianAddressDto, nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => GuardianAddressDto)
  address?: GuardianAddressDto | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 99 })
  @Present()
  @IsInt()
  @Min(1)
  @Max(99)
  priority?: number;
}

/**
 * Who gave a consent: a guardian of the pupil (by id), or the pupil when competent to. The
 * contract's ConsentGiver is that union, which a class cannot implement; the service checks it.
 */
export class ConsentGiverDto {
  @ApiProperty({ enum: ['guardian', 'pupil'] })
  @IsIn(['guardian', 'pupil'])
  type!: 'guardian' | 'pupil';

  @ApiPropertyOptional({ format: 'uuid', description: 'Required when type is guardian' })
  @ValidateIf((party: ConsentGiverDto) => party.type === 'guardian' || party.guardianId !== undefined)
  @IsUUID()
  guardianId?: string;
}

/** Who withdrew it: as above, or the school itself. */
export class ConsentWithdrawerDto {
  @ApiProperty({ enum: ['guardian', 'pupil', 'school'] })
  @IsIn(['guardian', 'pupil', 'school'])
  type!: 'guardian' | 'pupil' | 'school';

  @ApiPropertyOptional({ format: 'uuid', description: 'Required when type is guardian' })
  @ValidateIf((party: ConsentWithdrawerDto) => party.type === 'guardian' || party.guardianId !== undefined)
  @IsUUID()
  guardianId?: string;
}

export class GiveConsentDto implements Omit<GiveConsentRequest, 'pupilId' | 'givenBy'> {
  @ApiProperty({ enum: CONSENT_KINDS })
  @IsIn(CONSENT_KINDS)
  kind!: ConsentKind;

  @ApiProperty({ type: ConsentGiverDto, description: "{type:'guardian', guardianId} or {type:'pupil'}" })
  @NestedObject(() => ConsentGiverDto)
  givenBy!: ConsentGiverDto;

  @ApiPropertyOptional({ format: 'date', description: 'Default: today' })
  @IsOptional()
  @IsIsoDate()
  givenOn?: string;
}

export class WithdrawConsentDto implements Omit<WithdrawConsentRequest, 'pupilId' | 'consentId' | 'withdrawnBy'> {
  @ApiProperty({ type: ConsentWithdrawerDto })
  @NestedObject(() => ConsentWithdrawerDto)
  withdrawnBy!: ConsentWithdrawerDto;

  @ApiPropertyOptional({ format: 'date', description: 'Default: today' })
  @IsOptional()
  @IsIsoDate()
  withdrawnOn?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class AddHealthNoteDto implements Omit<AddHealthNoteRequest, 'pupilId'> {
  @ApiProperty({ enum: HEALTH_NOTE_CATEGORIES })
  @IsIn(HEALTH_NOTE_CATEGORIES)
  category!: HealthNoteCategory;

  @ApiProperty({ maxLength: 4000, description: 'Special-category data: kept only while consent stands (P16)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  note!: string;
}
