import { EntityManager } from '@mikro-orm/postgresql';
import { SchoolRoll } from './school-roll.entity';

/** The only code that reads and writes `school_roll`. */
export class SchoolRollRepository {
  constructor(private readonly em: EntityManager) {}

  find(tenantId: string): Promise<SchoolRoll | null> {
    return this.em.findOne(SchoolRoll, { tenantId });
  }

  /** Records the count unless a count from a later (or the same) moment is already stored. */
  async record(tenantId: string, pupilsOnRoll: number, asOf: Date): Promise<void> {
    await this.em.execute(
      `insert into school_roll (tenant_id, pupils_on_roll, as_of) values (?, ?, ?)
       on conflict (tenant_id) do update set pupils_on_roll = excluded.pupils_on_roll, as_of = excluded.as_of
       where school_roll.as_of < excluded.as_of`,
      [tenantId, pupilsOnRoll, asOf],
    );
  }
}
