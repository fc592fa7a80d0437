import { EntityManager } from '@mikro-orm/postgresql';
import { SchoolStatusRecord } from './school-status.entity';

export interface KnownSchoolStatus {
  tenantId: string;
  status: string;
  dataProcessingAllowed: boolean;
  asOf: Date;
}

/** The only place that reads and writes `school_status`. */
export class SchoolStatusRepository {
  constructor(private readonly em: EntityManager) {}

  find(tenantId: string): Promise<SchoolStatusRecord | null> {
    return this.em.findOne(SchoolStatusRecord, { tenantId });
  }

  /** Keeps whichever of the stored and the given status is newer; concurrent writers cannot go backwards. */
  async record(known: KnownSchoolStatus): Promise<void> {
    await this.em.execute(
      `insert into school_status (tenant_id, status, data_processing_allowed, as_of) values (?, ?, ?, ?)
       on conflict (tenant_id) do update
          set status = excluded.status, data_processing_allowed = excluded.data_processing_allowed, as_of = excluded.as_of
        where school_status.as_of <= excluded.as_of`,
      [known.tenantId, known.status, known.dataProcessingAllowed, known.asOf],
    );
  }
}
