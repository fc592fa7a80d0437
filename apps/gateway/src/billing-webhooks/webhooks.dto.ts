import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CreateWebhookEndpointRequest,
  ReplayWebhookRangeRequest,
  RotateWebhookSecretRequest,
  UpdateWebhookEndpointRequest,
  WEBHOOK_EVENT_TYPES,
  WebhookEventType,
} from '@pt/contracts';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQueryDto } from '../http/pagination.dto';
import { Present } from '../http/field-rules';

export class CreateWebhookEndpointDto implements CreateWebhookEndpointRequest {
  @ApiProperty({
    example: 'https://finance.trust.example/webhooks/pupil-tracking',
    description: 'https; it must resolve to a public address (internal addresses are refused)',
  })
  @IsString()
  @MaxLength(2000)
  url!: string;

  @ApiPropertyOptional({ example: 'Xero sync', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  description?: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['invoice.issued', 'payment.recorded'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @IsIn([...WEBHOOK_EVENT_TYPES], { each: true })
  eventTypes!: WebhookEventType[];
}

export class UpdateWebhookEndpointDto implements Omit<UpdateWebhookEndpointRequest, 'endpointId'> {
  @ApiPropertyOptional()
  @Present()
  @IsString()
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @Present()
  @IsString()
  @MaxLength(200)
  description?: string;

  @ApiPropertyOptional({ enum: WEBHOOK_EVENT_TYPES, isArray: true })
  @Present()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @IsIn([...WEBHOOK_EVENT_TYPES], { each: true })
  eventTypes?: WebhookEventType[];

  @ApiPropertyOptional({
    description: 'false disables the endpoint; true enables it again and clears its failure record',
  })
  @Present()
  @IsBoolean()
  enabled?: boolean;
}

export class RotateWebhookSecretDto implements Omit<RotateWebhookSecretRequest, 'endpointId'> {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 168,
    default: 24,
    description: 'Hours the current secret goes on signing beside the new one',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(168)
  overlapHours?: number;
}

export class WebhookAttemptsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only the attempts of this message (its webhook-id)' })
  @IsOptional()
  @IsUUID()
  messageId?: string;
}

export class ReplayWebhookRangeDto implements Omit<ReplayWebhookRangeRequest, 'endpointId'> {
  @ApiProperty({ format: 'date-time', description: 'Messages of events from this time (inclusive)' })
  @IsISO8601({ strict: true })
  since!: string;

  @ApiProperty({ format: 'date-time', description: 'to this time (exclusive)' })
  @IsISO8601({ strict: true })
  until!: string;

  @ApiPropertyOptional({ default: false, description: 'Only messages whose delivery to this endpoint failed for good' })
  @IsOptional()
  @IsBoolean()
  failedOnly?: boolean;
}
