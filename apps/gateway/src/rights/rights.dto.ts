import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CompleteRightsRequest,
  ExtendRightsRequest,
  IDENTITY_CHECK_METHODS,
  IdentityCheckMethod,
  ListRightsRequests,
  RecordIdentityCheck,
  RecordRightsRequest,
  RIGHTS_REQUEST_KINDS,
  RIGHTS_REQUEST_OUTCOMES,
  RIGHTS_REQUEST_STATUSES,
  RIGHTS_REQUESTER_TYPES,
  RIGHTS_SUBJECT_TYPES,
  RightsRequesterRef,
  RightsRequesterType,
  RightsRequestKind,
  RightsRequestOutcome,
  RightsRequestStatus,
  RightsSubjectRef,
  RightsSubjectType,
  RunRightsAction,
} from '@pt/contracts';

import { IsIn, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsIsoDate, NestedObject, QueryBoolean } from '../http/field-rules';
import { PageQueryDto } from '../http/pagination.dto';

export class RightsSubjectDto implements RightsSubjectRef {
  @ApiProperty({ enum: RIGHTS_SUBJECT_TYPES })
  @IsIn(RIGHTS_SUBJECT_TYPES)
  type!: RightsSubjectType;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  id!: string;
}

export class RightsRequesterDto implements RightsRequesterRef {
  @ApiProperty({ enum: RIGHTS_REQUESTER_TYPES })
  @IsIn(RIGHTS_REQUESTER_TYPES)
  type!: RightsRequesterType;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  id?: string;
}

export class RecordRightsRequestDto implements RecordRightsRequest {
  @ApiProperty({ enum: RIGHTS_REQUEST_KINDS })
  @IsIn(RIGHTS_REQUEST_KINDS)
  kind!: RightsRequestKind;

  @ApiProperty({ type: RightsSubjectDto, description: 'Whose data: by kind and id, never by name' })
  @NestedObject(() => RightsSubjectDto)
  subject!: RightsSubjectDto;

  @ApiProperty({ type: RightsRequesterDto })
  @NestedObject(() => RightsRequesterDto)
  requestedBy!: RightsRequesterDto;

  @ApiProperty({ format: 'date', example: '2027-01-31', description: 'Day one of the calendar month' })
  @IsIsoDate()
  receivedOn!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  notes?: string;
}

export class ExtendRightsRequestDto implements Omit<ExtendRightsRequest, 'requestId'> {
  @ApiProperty({ enum: [1, 2] })
  @IsIn([1, 2])
  months!: 1 | 2;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reason!: string;
}

export class CompleteRightsRequestDto implements Omit<CompleteRightsRequest, 'requestId'> {
  @ApiProperty({ enum: RIGHTS_REQUEST_OUTCOMES })
  @IsIn(RIGHTS_REQUEST_OUTCOMES)
  outcome!: RightsRequestOutcome;

  @ApiProperty({ description: 'What was done' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  summary!: string;
}

export class RightsRequestQueryDto extends PageQueryDto implements ListRightsRequests {
  @ApiPropertyOptional({ enum: RIGHTS_REQUEST_STATUSES })
  @IsOptional()
  @IsIn(RIGHTS_REQUEST_STATUSES)
  status?: RightsRequestStatus;

  @ApiPropertyOptional({ description: 'Only open requests past their due date' })
  @IsOptional()
  @QueryBoolean()
  overdue?: boolean;
}

export class IdentityCheckDto implements Omit<RecordIdentityCheck, 'requestId'> {
  @ApiProperty({ enum: IDENTITY_CHECK_METHODS, description: "How the requester's identity was checked" })
  @IsIn(IDENTITY_CHECK_METHODS)
  method!: IdentityCheckMethod;

  @ApiPropertyOptional({ format: 'date-time', description: 'When it was checked (not in the future); default now' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 date-time' })
  checkedAt?: string;

  @ApiPropertyOptional({ description: 'What was checked; required for method "other". Never copies of documents.' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string;
}

export class RightsActionDto implements Omit<RunRightsAction, 'requestId'> {
  @ApiProperty({
    description:
      'Why (passed to the owning service as its reason); for rectification and consent withdrawal, what the school did',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  summary!: string;
}
