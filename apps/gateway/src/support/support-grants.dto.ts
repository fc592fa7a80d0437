import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CreateSupportGrantRequest, MAX_SUPPORT_GRANT_HOURS } from '@pt/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { QueryBoolean } from '../http/field-rules';

export class CreateSupportGrantDto implements CreateSupportGrantRequest {
  @ApiProperty({ description: 'Why support needs to enter (shown in the audit trail)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;

  @ApiProperty({ minimum: 1, maximum: MAX_SUPPORT_GRANT_HOURS })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SUPPORT_GRANT_HOURS)
  durationHours!: number;

  @ApiPropertyOptional({ type: [String], description: 'Defaults to read-only access' })
  @IsOptional()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  permissions?: string[];
}

export class SupportGrantListQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @QueryBoolean()
  active?: boolean;
}
