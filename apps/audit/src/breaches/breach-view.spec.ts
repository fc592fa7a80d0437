import { BreachIncident, BreachSchool, BreachUpdate } from './breach-incident.entity';
import { toView } from './breaches.service';

const HOUR_MS = 3_600_000;

function incidentAt(detectedAt: Date): BreachIncident {
  return Object.assign(new BreachIncident(), {
    id: '0192f0c4-1b2a-7c3d-8e4f-a1b2c3d4e5f6',
    detectedAt,
    nature: 'n',
    dataCategories: ['c'],
    approxPeople: 1,
    approxRecords: 2,
    likelyConsequences: 'l',
    measuresTaken: 'm',
    contactPoint: 'p',
    recordedAt: detectedAt,
  });
}

describe('breach register view', () => {
  it('P23: shows the hours since detection against a deadline 72 hours after it', () => {
    const detectedAt = new Date('2026-11-20T10:00:00Z');
    const view = toView(incidentAt(detectedAt), [], [], new Date(detectedAt.getTime() + 30.5 * HOUR_MS));
    expect(view.notificationDeadline).toBe('2026-11-23T10:00:00.000Z');
    expect(view.hoursSinceDetection).toBe(30.5);
    expect(view.deadlinePassed).toBe(false);
    const late = toView(incidentAt(detectedAt), [], [], new Date(detectedAt.getTime() + 72 * HOUR_MS + 1));
    expect(late.deadlinePassed).toBe(true);
  });

  it("P23: lists only the incident's own schools (with when each was notified) and updates", () => {
    const incident = incidentAt(new Date('2026-11-20T10:00:00Z'));
    const at = new Date('2026-11-20T11:00:00Z');
    const schools = [
      Object.assign(new BreachSchool(), {
        id: 'a',
        incidentId: incident.id,
        schoolId: 's1',
        addedAt: at,
        notifiedAt: at,
        recipients: 2,
      }),
      Object.assign(new BreachSchool(), { id: 'b', incidentId: 'other', schoolId: 's2', addedAt: at }),
    ];
    const updates = [
      Object.assign(new BreachUpdate(), { id: 'u', incidentId: incident.id, note: 'x', recordedAt: at }),
    ];
    const view = toView(incident, schools, updates, at);
    expect(view.affectedSchools).toEqual([
      { schoolId: 's1', addedAt: at.toISOString(), notifiedAt: at.toISOString(), recipients: 2 },
    ]);
    expect(view.updates).toEqual([
      { id: 'u', note: 'x', measuresTaken: null, recordedBy: null, recordedAt: at.toISOString() },
    ]);
  });
});
