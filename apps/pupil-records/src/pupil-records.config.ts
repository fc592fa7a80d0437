import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { DataServiceConfig } from '@pt/platform';

/** Variables of the pupil-records service (besides those of every data service). */
export class PupilRecordsConfig extends DataServiceConfig {
  /** P20: statistics suppress groups with fewer pupils than this, so that nobody can be singled out. */
  @Type(() => Number)
  @IsInt()
  @Min(2)
  @Max(100)
  PUPIL_STATS_MIN_GROUP = 5;
}
