import { SessionActivityReport } from '@pt/contracts';
import { GatewayConfig } from '../gateway.config';
import { ActivityReporter } from './activity-reporter';
import { Clock, PeriodicJobs } from '@pt/platform';
import pino from 'pino';

describe('ActivityReporter (P13: activity without a bus round trip per request)', () => {
  let now: number;
  let sent: SessionActivityReport[];

  const reporterWith = (settings: Partial<GatewayConfig>) => {
    const config = Object.assign(new GatewayConfig(), settings);
    const clock = { nowMs: () => now } as Clock;
    const reporter = new ActivityReporter(
      config,
      clock,
      {} as never,
      {} as never,
      new PeriodicJobs(pino({ enabled: false })),
    );
    reporter.sendTo((report) => sent.push(report));
    return reporter;
  };

  beforeEach(() => {
    now = Date.parse('2026-11-25T09:00:00Z');
    sent = [];
  });

  it('P13: notes a session at most once per interval and sends nothing until the flush', () => {
    const reporter = reporterWith({ ACTIVITY_REPORT_INTERVAL_SECONDS: 60 });
    for (let i = 0; i < 100; i++) reporter.seen('s-1', '10.0.0.1', 'agent');
    expect(sent).toEqual([]);
    reporter.flush();
    expect(sent).toEqual([
      { sessions: [{ sessionId: 's-1', lastSeenAt: '2026-11-25T09:00:00.000Z', ip: '10.0.0.1', userAgent: 'agent' }] },
    ]);
    now += 59_000;
    reporter.seen('s-1', '10.0.0.2', 'agent');
    reporter.flush();
    expect(sent).toHaveLength(1);
    now += 1_000;
    reporter.seen('s-1', '10.0.0.2', 'agent');
    reporter.flush();
    expect(sent[1].sessions).toEqual([expect.objectContaining({ sessionId: 's-1', ip: '10.0.0.2' })]);
  });

  it('P13: many sessions leave in batches of at most 1000 per message', () => {
    const reporter = reporterWith({});
    for (let i = 0; i < 2500; i++) reporter.seen(`s-${i}`, null, null);
    reporter.flush();
    expect(sent.map((report) => report.sessions.length)).toEqual([1000, 1000, 500]);
    reporter.flush();
    expect(sent).toHaveLength(3);
  });

  it('P13: with ACTIVITY_REPORTING=off nothing is noted or sent', () => {
    const reporter = reporterWith({ ACTIVITY_REPORTING: 'off' });
    reporter.seen('s-1', null, null);
    reporter.flush();
    expect(sent).toEqual([]);
  });
});
