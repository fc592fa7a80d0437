import type { MaintenanceNotice } from '@pt/contracts/identity/maintenance';

/**
 * A maintenance warning's heading and reason in words. The banner says the times in words
 * of its own, so it shows the ops' reason alone (the notice's `body` restates the times as
 * ISO timestamps), and never the generic title twice.
 */
export function maintenanceWords(notice: Pick<MaintenanceNotice, 'title' | 'reason' | 'inProgress'>): {
  heading: string;
  reason: string | null;
} {
  const lead = notice.inProgress ? 'Maintenance in progress' : 'Planned maintenance';
  const title = notice.title.trim();
  const heading = title && !/^(planned )?maintenance$/i.test(title) ? `${lead}: ${title}` : lead;
  return { heading, reason: notice.reason.trim() || null };
}
