import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  BeginMaintenanceWorkRequest,
  CreateMaintenanceWindowRequest,
  MAINTENANCE_MODES,
  MaintenanceMode,
} from '@pt/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Present } from '../http/field-rules';

/** MaintenanceScope is a union (platform, or a list of schools), which a class cannot implement. */
export class MaintenanceScopeDto {
  @ApiProperty({ enum: ['platform', 'schools'] })
  @IsIn(['platform', 'schools'])
  kind!: 'platform' | 'schools';

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: "Required when kind is 'schools'" })
  @ValidateIf((scope: MaintenanceScopeDto) => scope.kind === 'schools' || scope.schoolIds !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  schoolIds?: string[];
}

export class CreateMaintenanceWindowDto implements Omit<CreateMaintenanceWindowRequest, 'scope'> {
  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  startsAt!: string;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  endsAt!: string;

  @ApiProperty({ maxLength: 500, description: 'Shown to the users in scope' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;

  @ApiProperty({ type: MaintenanceScopeDto })
  @ValidateNested()
  @Type(() => MaintenanceScopeDto)
  scope!: MaintenanceScopeDto;

  @ApiPropertyOptional({
    enum: MAINTENANCE_MODES,
    default: 'offline',
    description:
      '`offline`: every request and sign-in in scope is refused and sessions end at the start; ' +
      '`read-only`: reads and sign-ins work, writes get 503 `maintenance.read_only` with Retry-After until the end',
  })
  @IsOptional()
  @IsIn(MAINTENANCE_MODES)
  mode?: MaintenanceMode;
}

export class UpdateMaintenanceWindowDto implements Partial<Omit<CreateMaintenanceWindowRequest, 'scope'>> {
  @ApiPropertyOptional({ format: 'date-time' })
  @Present()
  @IsISO8601({ strict: true })
  startsAt?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @Present()
  @IsISO8601({ strict: true })
  endsAt?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @Present()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason?: string;

  @ApiPropertyOptional({ type: MaintenanceScopeDto })
  @Present()
  @ValidateNested()
  @Type(() => MaintenanceScopeDto)
  scope?: MaintenanceScopeDto;

  @ApiPropertyOptional({ enum: MAINTENANCE_MODES, description: 'Only before the start' })
  @Present()
  @IsIn(MAINTENANCE_MODES)
  mode?: MaintenanceMode;
}

export class BeginMaintenanceWorkDto implements Omit<BeginMaintenanceWorkRequest, 'windowId'> {
  @ApiPropertyOptional({ description: 'Begin although sessions in scope are live (needs a reason)' })
  @IsOptional()
  @IsBoolean()
  force?: boolean;

  @ApiPropertyOptional({ maxLength: 500 })
  @ValidateIf((body: BeginMaintenanceWorkDto) => body.force === true || body.reason !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason?: string;
}
