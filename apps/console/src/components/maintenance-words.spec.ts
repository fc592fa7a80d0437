import { maintenanceWords } from './maintenance-words';

describe('console: a maintenance warning in words', () => {
  const endsAt = '2026-12-07T05:31:49.896Z';
  const notice = {
    title: 'Planned maintenance',
    body: `The service will be read-only (changes are refused) from 2026-12-07T05:01:49.896Z to ${endsAt}: Moving to a new database server`,
    endsAt,
    inProgress: false,
  };

  it('shows the reason alone, without the timestamps the banner already says in words', () => {
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

  it('keeps a body of another shape whole, and shows nothing for an empty one', () => {
    expect(maintenanceWords({ ...notice, body: 'The school’s network is being moved.' }).reason).toBe(
      'The school’s network is being moved.',
    );
    expect(maintenanceWords({ ...notice, body: '  ' }).reason).toBeNull();
  });
});
