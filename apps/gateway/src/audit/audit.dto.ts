import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { AuditEntryFilter, ListAuditEntriesRequest, VerifyAuditLogRequest } from '@pt/contracts';
import { PageQueryDto } from '../http/pagination.dto';
import { IsIn, IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { IsAuditAction, IsAuditSubjectId, IsAuditSubjectType } from '../http/field-rules';

/** The filters every audit read takes (codes and ids only: the log holds nothing else). */
export class AuditFilterDto implements AuditEntryFilter {
  @ApiPropertyOptional({ format: 'date-time', description: 'From this time (inclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Before this time (exclusive)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @ApiPropertyOptional({ example: 'identity.user', description: 'An action, or a prefix of one ending at a dot' })
  @IsOptional()
  @IsAuditAction()
  action?: string;

  @ApiPropertyOptional({ example: 'user' })
  @IsOptional()
  @IsAuditSubjectType()
  subjectType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsAuditSubjectId()
  subjectId?: string;
}

/** The filters plus the `?limit=&cursor=` every list takes. */
export class AuditEntryQueryDto
  extends IntersectionType(AuditFilterDto, PageQueryDto)
  implements ListAuditEntriesRequest {}

export class PlatformAuditEntryQueryDto extends AuditEntryQueryDto implements ListAuditEntriesRequest {
  @ApiPropertyOptional({ format: 'uuid', description: "The school's log; absent: the platform's own chain" })
  @IsOptional()
  @IsUUID()
  schoolId?: string;
}

export class AuditExportQueryDto extends AuditFilterDto {
  @ApiPropertyOptional({ enum: ['csv', 'json'], default: 'csv' })
  @IsOptional()
  @IsIn(['csv', 'json'])
  format: 'csv' | 'json' = 'csv';
}

export class AuditVerificationDto implements VerifyAuditLogRequest {
  @ApiPropertyOptional({ format: 'uuid', description: "One school's chain; absent: every chain" })
  @IsOptional()
  @IsUUID()
  schoolId?: string;
}
