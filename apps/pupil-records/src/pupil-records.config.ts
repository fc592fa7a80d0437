import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { DataServiceConfig } from '@pt/platform';

/** Variables of the pupil-records service (besides those of every data service). */
export class PupilRecordsConfig extends DataServiceConfig {
  /** P20: statistics suppress groups with fewer pupils than this, so that nobody can be singled out. */
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(100)
  PUPIL_STATS_MIN_GROUP = 5;

  /**
   * Key that seals the pupil list's cursors (they hold the last row's names: never in a URL
   * in clear). Required in production; every replica needs the same one. Changing it only
   * makes cursors in flight invalid (400 naming cursor: the client starts the list again).
   */
  @ValidateIf((config: PupilRecordsConfig) => config.NODE_ENV === 'production' || config.PUPIL_CURSOR_KEY !== undefined)
  @IsString()
  @MinLength(32)
  PUPIL_CURSOR_KEY?: string;

  get cursorKey(): string {
    return this.PUPIL_CURSOR_KEY ?? 'development-only pupil cursor key: set PUPIL_CURSOR_KEY';
  }
}
