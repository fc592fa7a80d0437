import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { EndSessionRequest, ListActiveSessionsRequest } from '@pt/contracts';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../http/pagination.dto';

export class OpsSessionListQueryDto extends PageQueryDto implements ListActiveSessionsRequest {
  @ApiPropertyOptional({ format: 'uuid', description: "One school's sessions only" })
  @IsOptional()
  @IsUUID('all')
  schoolId?: string;
}

export class OpsEndSessionDto implements Omit<EndSessionRequest, 'sessionId'> {
  @ApiProperty({ maxLength: 500, description: 'Why (kept with the session; not sent to the audit stream)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

export class SchoolEndSessionDto implements Omit<EndSessionRequest, 'sessionId'> {
  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason?: string;
}
