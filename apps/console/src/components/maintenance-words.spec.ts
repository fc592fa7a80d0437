import { maintenanceWords } from './maintenance-words';

describe('console: a maintenance warning in words', () => {
  const notice = { title: 'Planned maintenance', reason: 'Moving to a new database server', inProgress: false };

  it("shows the ops' reason alone, the banner saying the times in words of its own", () => {
    const words = maintenanceWords(notice);
    expect(words.reason).toBe('Moving to a new database server');
    expect(words.heading).toBe('Planned maintenance');
  });

  it('never says the generic title twice, and says when it is in progress', () => {
    expect(maintenanceWords({ ...notice, inProgress: true }).heading).toBe('Maintenance in progress');
    expect(maintenanceWords({ ...notice, title: 'Database upgrade' }).heading).toBe(
      'Planned maintenance: Database upgrade',
    );
  });

  it('shows no reason for an empty one', () => {
    expect(maintenanceWords({ ...notice, reason: '  ' }).reason).toBeNull();
  });
});
