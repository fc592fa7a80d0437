import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { DataServiceConfig } from '@pt/platform';

export class AuditConfig extends DataServiceConfig {
  /**
   * P24: key of the HMAC that signs chain checkpoints, so that whoever can edit the
   * database cannot also forge the checkpoint that catches a truncated tail. Required in
   * production (a fixed development key otherwise).
   */
  @ValidateIf((config: AuditConfig) => config.NODE_ENV === 'production' || config.AUDIT_CHECKPOINT_KEY !== undefined)
  @IsString()
  @MinLength(32)
  AUDIT_CHECKPOINT_KEY?: string;

  get checkpointKey(): string {
    return this.AUDIT_CHECKPOINT_KEY ?? 'development-only audit checkpoint key: set AUDIT_CHECKPOINT_KEY';
  }

  /** How often each chain's head is checkpointed; 0: only on demand. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(86_400)
  AUDIT_CHECKPOINT_INTERVAL_SECONDS = 300;

  /** P24: entries older than this many days are removed by the retention job (default 6 years). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(36_525)
  AUDIT_RETENTION_DAYS = 2192;

  /** How often the retention job runs; 0: only on demand. At most 24 days (a timer's limit). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(576)
  AUDIT_RETENTION_INTERVAL_HOURS = 24;

  /** P21: open rights requests due within this many days get a "due soon" reminder. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(31)
  RIGHTS_REMINDER_DAYS = 7;

  /** How often due and overdue rights requests are looked for; 0: only on demand. At most a day. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1440)
  RIGHTS_REMINDER_INTERVAL_MINUTES = 60;

  /** P21: how long the one-time link to a subject-access bundle stays usable. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1440)
  RIGHTS_DOWNLOAD_TTL_MINUTES = 60;

  /** How long each service has to answer its part of a subject-access bundle. */
  @Type(() => Number)
  @IsInt()
  @Min(500)
  @Max(120_000)
  RIGHTS_EXPORT_TIMEOUT_MS = 10_000;
}
