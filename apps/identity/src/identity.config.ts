import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { DataServiceConfig } from '@pt/platform';

export class IdentityConfig extends DataServiceConfig {
  /** The first platform admin, created at start when no platform admin exists yet. */
  @IsOptional()
  @IsEmail()
  BOOTSTRAP_ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(12)
  @MaxLength(128)
  BOOTSTRAP_ADMIN_PASSWORD?: string;

  /** Lifetime of an access token; short, because refresh tokens carry the session. */
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(3600)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  /** A session ends this long after sign-in, however active (absolute lifetime). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  SESSION_ABSOLUTE_HOURS = 12;
}
