import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';
import { AcceptPolicyDocumentsRequest, POLICY_KINDS, PolicyKind, PublishPolicyRequest } from '@pt/contracts';
import { IsPolicyVersion } from '../http/field-rules';

export class PublishPolicyDto implements PublishPolicyRequest {
  @ApiProperty({ enum: POLICY_KINDS })
  @IsIn(POLICY_KINDS)
  kind!: PolicyKind;

  @ApiProperty({ example: '2026-09' })
  @IsPolicyVersion()
  version!: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title!: string;

  @ApiProperty({ description: 'The full text (Markdown)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200_000)
  body!: string;
}

export class AcceptPoliciesDto implements AcceptPolicyDocumentsRequest {
  @ApiProperty({ type: [String], description: 'Ids of the current documents being accepted' })
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  documentIds!: string[];
}
