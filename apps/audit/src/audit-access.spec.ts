import { accessTableOf } from '@pt/platform';
import { specifyDeclaredAccess } from '@pt/testing';
import pino from 'pino';
import { AuditConfig } from './audit.config';
import { AuditModule } from './audit.module';

// Read from the decorators alone: nothing is started, so the config is never read.
const table = accessTableOf(AuditModule.register({} as AuditConfig, pino({ enabled: false })));

describe('audit: who may send each message, declared beside its handler', () => {
  const ruleOf = specifyDeclaredAccess('audit', table);

  it('the breach register is for platform ops only, outside any school (P23)', () => {
    for (const subject of table.map((e) => e.subject).filter((s) => s.startsWith('audit.breach.'))) {
      expect([subject, ruleOf(subject)]).toEqual([subject, 'platform(ops:breaches)']);
    }
  });

  it('the rights register is for rights managers inside their school (P21, P22)', () => {
    const rights = table
      .map((e) => e.subject)
      .filter((s) => s.startsWith('audit.rights.') && s !== 'audit.rights.remind');
    for (const subject of rights) expect([subject, ruleOf(subject)]).toEqual([subject, 'school(rights:manage)']);
  });

  it('verifying, checkpointing, pruning and reminding across schools is for platform auditors and the platform (P24)', () => {
    for (const subject of ['audit.log.verify', 'audit.retention.run', 'audit.rights.remind']) {
      expect([subject, ruleOf(subject)]).toEqual([subject, 'platform(audit:platform) | system']);
    }
  });
});
