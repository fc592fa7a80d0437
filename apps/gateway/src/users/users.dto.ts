import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';
import {
  CreatePlatformUserRequest,
  CreateSchoolAdminRequest,
  InviteUserRequest,
  ListPlatformUsersRequest,
  ListUsersRequest,
  PasswordResetRequest,
  PLATFORM_ROLES,
  PlatformRole,
  RecordAccessReviewRequest,
  RecordSecurityTrainingRequest,
  RedeemTokenRequest,
  SetMarketingPreferenceRequest,
  StaffProfile,
  USER_STATUSES,
  UserChanges,
  UserStatusValue,
} from '@pt/contracts';
import { IsRoleName, IsTeacherReferenceNumber, IsTelephone, IsUsername, Present } from '../http/field-rules';
import { PageQueryDto } from '../http/pagination.dto';

/**
 * P1: a staff record holds exactly these fields; the global ValidationPipe refuses any
 * other field (400 naming it) instead of dropping it.
 */

/** The person fields of every account (P1): nothing else is accepted. */
export class PersonDto implements Omit<StaffProfile, 'teacherReferenceNumber'> {
  @ApiPropertyOptional({ type: String, nullable: true, example: 'Ms', maxLength: 20 })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  title?: string | null;

  @ApiProperty({ example: 'Ada', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  firstName!: string;

  @ApiProperty({ example: 'Lovelace', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  lastName!: string;

  @ApiProperty({ example: 'a.lovelace', description: '3-64 letters, digits, dots, hyphens or underscores' })
  @IsString()
  @IsUsername()
  username!: string;

  @ApiProperty({ example: 'a.lovelace@school.example' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Head of Maths', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  jobTitle?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+44 20 7946 0000' })
  @IsOptional()
  @IsTelephone()
  telephone?: string | null;
}

/** School staff add their DfE teacher reference number. */
export class StaffPersonDto extends PersonDto implements StaffProfile {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '1234567',
    description: 'DfE teacher reference number (7 digits)',
  })
  @IsOptional()
  @IsTeacherReferenceNumber()
  teacherReferenceNumber?: string | null;
}

export class InviteUserDto extends StaffPersonDto implements InviteUserRequest {
  @ApiProperty({ example: ['teacher'], description: 'Built-in or custom role names of the school' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsRoleName({ each: true })
  roles!: string[];

  @ApiPropertyOptional({
    type: [String],
    nullable: true,
    description: 'Class groups the user is limited to (P19); absent or null: not limited',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  classGroupIds?: string[] | null;
}

export class UpdateUserDto implements UserChanges {
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
  firstName?: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @Present()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  lastName?: string;

  @ApiPropertyOptional()
  @Present()
  @IsString()
  @IsUsername()
  username?: string;

  @ApiPropertyOptional()
  @Present()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  jobTitle?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsTelephone()
  telephone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'DfE teacher reference number (7 digits)' })
  @IsOptional()
  @IsTeacherReferenceNumber()
  teacherReferenceNumber?: string | null;

  @ApiPropertyOptional({
    type: [String],
    description: "Applies at the user's next token refresh (within one access-token lifetime); sessions are not ended",
  })
  @Present()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsRoleName({ each: true })
  roles?: string[];

  @ApiPropertyOptional({ type: [String], nullable: true, description: 'null: not limited to class groups' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  classGroupIds?: string[] | null;
}

export class UserListQueryDto extends PageQueryDto implements ListUsersRequest {
  @ApiPropertyOptional({ description: 'Only users holding this role' })
  @IsOptional()
  @IsRoleName()
  role?: string;

  @ApiPropertyOptional({ enum: USER_STATUSES })
  @IsOptional()
  @IsIn(USER_STATUSES)
  status?: UserStatusValue;
}

export class PlatformUserListQueryDto extends PageQueryDto implements ListPlatformUsersRequest {
  @ApiPropertyOptional({ enum: USER_STATUSES })
  @IsOptional()
  @IsIn(USER_STATUSES)
  status?: UserStatusValue;
}

/** A school's first admin: a staff profile; the role is always school-admin. */
export class CreateSchoolAdminDto extends StaffPersonDto implements Omit<CreateSchoolAdminRequest, 'schoolId'> {}

const PLATFORM_ROLE_NAMES = Object.keys(PLATFORM_ROLES) as PlatformRole[];

export class CreatePlatformUserDto extends PersonDto implements CreatePlatformUserRequest {
  @ApiProperty({ enum: PLATFORM_ROLE_NAMES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PLATFORM_ROLE_NAMES.length)
  @IsIn(PLATFORM_ROLE_NAMES, { each: true })
  roles!: PlatformRole[];
}

export class SecurityTrainingDto implements Omit<RecordSecurityTrainingRequest, 'userId'> {
  @ApiProperty({ example: '2026-11-20', description: 'When the training was completed (not in the future)' })
  @IsISO8601({ strict: true })
  completedAt!: string;

  @ApiProperty({ example: 'Information security and data protection induction', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  course!: string;
}

/** The secret of an emailed link plus the new password; up to 128 characters, never truncated (P2). */
export class RedeemTokenDto implements RedeemTokenRequest {
  @ApiProperty({ description: 'The token from the emailed link' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  token!: string;

  @ApiProperty({ format: 'password', maxLength: 128 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  password!: string;
}

export class PasswordResetDto implements PasswordResetRequest {
  @ApiProperty({ description: 'Username or email' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(320)
  login!: string;
}

export class RecordAccessReviewDto implements RecordAccessReviewRequest {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 4000, description: 'What was reviewed and changed' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  notes?: string | null;
}

export class MarketingPreferenceDto implements SetMarketingPreferenceRequest {
  @ApiProperty({ description: 'P9: opt in to marketing; off by default, withdraw at any time' })
  @IsBoolean()
  optIn!: boolean;
}

export class UnsubscribeQueryDto {
  @ApiProperty({ description: 'The user id from the link' })
  @IsString()
  @MaxLength(64)
  u!: string;

  @ApiProperty({ description: 'The signature from the link' })
  @IsString()
  @MaxLength(128)
  sig!: string;
}
