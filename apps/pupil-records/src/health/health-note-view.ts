import { HealthNoteView } from '@pt/contracts';
import { HealthNote } from './health-note.entity';

export function toHealthNoteView(row: HealthNote): HealthNoteView {
  return {
    id: row.id,
    pupilId: row.pupilId,
    category: row.category as HealthNoteView['category'],
    note: row.note,
    recordedBy: row.recordedBy,
    recordedAt: row.recordedAt.toISOString(),
  };
}
