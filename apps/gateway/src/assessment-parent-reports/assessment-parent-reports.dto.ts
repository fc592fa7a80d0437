import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IssueClassReportsRequest,
  IssueParentReportRequest,
  ListParentReportsRequest,
  MAX_REPORT_BATCH,
  MAX_REPORT_COMMENT,
  TeacherCommentInput,
} from '@pt/contracts';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

/** One pupil's report at the point in the path. */
export class IssueParentReportDto implements Omit<IssueParentReportRequest, 'pointId'> {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  pupilId!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: MAX_REPORT_COMMENT })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_REPORT_COMMENT)
  teacherComment?: string | null;
}

export class TeacherCommentDto implements TeacherCommentInput {
  @ApiProperty({ format: 'uuid' })
  pupilId!: string;

  @ApiProperty({ maxLength: MAX_REPORT_COMMENT })
  comment!: string;
}

/** A report for every pupil of the class group at the point in the path; comments per pupil (checked by the service, naming the entry). */
export class IssueClassReportsDto implements Omit<IssueClassReportsRequest, 'pointId'> {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  classGroupId!: string;

  @ApiPropertyOptional({ type: [TeacherCommentDto], maxItems: MAX_REPORT_BATCH })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_REPORT_BATCH)
  @IsObject({ each: true })
  teacherComments?: TeacherCommentInput[];
}

export class ParentReportsQueryDto implements ListParentReportsRequest {
  @ApiPropertyOptional({ format: 'uuid', description: "Only this pupil's reports" })
  @IsOptional()
  @IsUUID()
  pupilId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: "Only this point's reports" })
  @IsOptional()
  @IsUUID()
  pointId?: string;
}
