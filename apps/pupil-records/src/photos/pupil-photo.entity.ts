import { Entity, OneToOne, Property } from '@mikro-orm/core';
import { Pupil } from '../pupils/pupil.entity';

/**
 * A pupil's photograph (one per pupil), kept in Postgres so that it lives and dies with the
 * pupil row (cascade on erasure, P17) and under the same tenant walls (P19). The bytes are
 * lazy: loading the row for its facts does not read them.
 */
@Entity({ tableName: 'pupil_photo' })
export class PupilPhoto {
  @OneToOne(() => Pupil, {
    primary: true,
    mapToPk: true,
    owner: true,
    joinColumn: 'pupil_id',
    deleteRule: 'cascade',
    updateRule: 'cascade',
  })
  pupilId!: string;
  @Property({ type: 'uuid' }) tenantId!: string;
  @Property({ type: 'text' }) contentType!: string;
  @Property({ type: 'integer' }) size!: number;
  @Property({ type: 'blob', lazy: true }) content!: Buffer;
  @Property({ type: 'uuid', nullable: true }) storedBy: string | null = null;
  @Property({ type: 'datetime' }) storedAt: Date = new Date();
}
