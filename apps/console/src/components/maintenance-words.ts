import type { MaintenanceNotice } from '@pt/contracts/identity/maintenance';

/**
 * A maintenance warning's heading and reason in words. The gateway's notice is titled
 * "Planned maintenance" and its body restates the times as ISO timestamps before the ops'
 * reason ("… from 2026-12-07T05:00:00.000Z to …Z: <reason>"): the banner already says
 * the times in words, so it shows the reason alone, and never the title twice.
 */
export function maintenanceWords(notice: Pick<MaintenanceNotice, 'title' | 'body' | 'endsAt' | 'inProgress'>): {
  heading: string;
  reason: string | null;
} {
  const lead = notice.inProgress ? 'Maintenance in progress' : 'Planned maintenance';
  const title = notice.title.trim();
  const heading = title && !/^(planned )?maintenance$/i.test(title) ? `${lead}: ${title}` : lead;
  const marker = `${notice.endsAt}: `;
  const at = notice.body.indexOf(marker);
  const reason = (at >= 0 ? notice.body.slice(at + marker.length) : notice.body).trim();
  return { heading, reason: reason || null };
}
