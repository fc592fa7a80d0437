import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsNotEmpty, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { POLICY_KINDS, PolicyKind } from '@pt/contracts';

export class PublishPolicyDto {
  @ApiProperty({ enum: POLICY_KINDS })
  @IsIn(POLICY_KINDS)
  kind!: PolicyKind;

  @ApiProperty({ example: '2026-09' })
  @Matches(/^[A-Za-z0-9._-]{1,40}$/, { message: 'must be 1-40 letters, digits, dots, dashes or underscores' })
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

export class AcceptPoliciesDto {
  @ApiProperty({ type: [String], description: 'Ids of the current documents being accepted' })
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  documentIds!: string[];
}
