import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Max, Min } from 'class-validator';
import { BaseConfig } from '@pt/platform';

export class GatewayConfig extends BaseConfig {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** How long /health/ready waits for each service before naming it down. */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(10_000)
  HEALTH_TIMEOUT_MS = 1000;

  /** Trust X-Forwarded-For from a proxy in front (for the client IP in audit and throttling). */
  @Transform(({ value }) => value === true || value === 'true' || value === '1')
  @IsBoolean()
  TRUST_PROXY = false;

  /** Largest request body accepted, in bytes (file uploads have their own limits). */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(200 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;
}
