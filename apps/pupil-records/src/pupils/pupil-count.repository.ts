import { EntityManager } from '@mikro-orm/postgresql';

/** The only place that reads and writes `pupil_count`, and counts the roll. */
export class PupilCountRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * The last published count, with the school's row locked for the rest of the
   * transaction: concurrent writers count one after the other, each seeing what the
   * previous one committed, so the last count published is the true one.
   */
  async lockLastPublished(tenantId: string): Promise<number> {
    await this.em.execute(
      'insert into pupil_count (tenant_id, pupils_on_roll) values (?, -1) on conflict (tenant_id) do nothing',
      [tenantId],
    );
    const [row] = await this.em.execute<{ pupils_on_roll: number }[]>(
      'select pupils_on_roll from pupil_count where tenant_id = ? for update',
      [tenantId],
    );
    return row.pupils_on_roll;
  }

  /** Pupils on roll: not yet left. Restricted pupils are still on roll (they are still the school's pupils). */
  async countOnRoll(tenantId: string): Promise<number> {
    const [row] = await this.em.execute<{ n: number }[]>(
      `select count(*)::int as n from pupil
        where tenant_id = ? and (leaving_date is null or leaving_date > current_date)`,
      [tenantId],
    );
    return row.n;
  }

  async recordPublished(tenantId: string, pupilsOnRoll: number): Promise<void> {
    await this.em.execute('update pupil_count set pupils_on_roll = ?, published_at = now() where tenant_id = ?', [
      pupilsOnRoll,
      tenantId,
    ]);
  }
}
