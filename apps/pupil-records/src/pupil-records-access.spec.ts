import { requestPatternsOf } from '@pt/contracts';
import { accessTableOf, describeAccess } from '@pt/platform';
import pino from 'pino';
import { PupilRecordsConfig } from './pupil-records.config';
import { PupilRecordsModule } from './pupil-records.module';

// Read from the decorators alone: nothing is started, so the config is never read.
const table = accessTableOf(PupilRecordsModule.register({} as PupilRecordsConfig, pino({ enabled: false })));

describe('pupil-records: who may send each message, declared beside its handler', () => {
  it('every handler declares its access', () => {
    expect(table.filter((entry) => !entry.rule).map((entry) => entry.handler)).toEqual([]);
  });

  it('every request pattern of the service has exactly one handler, and every handler serves one', () => {
    expect(table.map((entry) => entry.subject)).toEqual(requestPatternsOf('pupil-records').map((p) => p.subject));
  });

  it('nothing in the register is public: every message needs a school and a permission, or is the platform itself', () => {
    const rules = table.map((entry) => describeAccess(entry.rule!));
    expect(rules.filter((rule) => /public|signed-in/.test(rule))).toEqual([]);
  });

  it('erasure is for those who may erase pupils, or carry out a rights request (P17)', () => {
    expect(ruleOf('pupil-records.pupil.erase')).toBe('school(pupils:erase) | school(rights:manage)');
  });

  it('statistics are for those who read reports or pupils (P20)', () => {
    expect(ruleOf('pupil-records.statistics.get')).toBe('school(reports:read) | school(pupils:read)');
  });
});

function ruleOf(subject: string): string {
  const entry = table.find((e) => e.subject === subject);
  if (!entry?.rule) throw new Error(`${subject}: no rule`);
  return describeAccess(entry.rule);
}
