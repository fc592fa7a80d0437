import { accessTableOf } from '@pt/platform';
import { specifyDeclaredAccess } from '@pt/testing';
import pino from 'pino';
import { PupilRecordsConfig } from './pupil-records.config';
import { PupilRecordsModule } from './pupil-records.module';

// Read from the decorators alone: nothing is started, so the config is never read.
const table = accessTableOf(PupilRecordsModule.register({} as PupilRecordsConfig, pino({ enabled: false })));

describe('pupil-records: who may send each message, declared beside its handler', () => {
  const ruleOf = specifyDeclaredAccess('pupil-records', table);

  it('erasure is for those who may erase pupils, or carry out a rights request (P17)', () => {
    expect(ruleOf('pupil-records.pupil.erase')).toBe('school(pupils:erase) | school(rights:manage)');
  });

  it('statistics are for those who read reports or pupils (P20)', () => {
    expect(ruleOf('pupil-records.statistics.get')).toBe('school(reports:read) | school(pupils:read)');
  });
});
