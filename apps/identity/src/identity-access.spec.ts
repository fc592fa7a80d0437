import * as contracts from '@pt/contracts';
import { accessTableOf, describeAccess, loadConfig } from '@pt/platform';
import pino from 'pino';
import { IdentityConfig } from './identity.config';
import { IdentityModule } from './identity.module';

/**
 * Everything a caller without a session must reach: signing in and refreshing, the public
 * keys that verify tokens, the emailed links (invitation, password reset), the
 * marketing unsubscribe link and the published policy documents. Nothing else.
 */
const PUBLIC_PATTERNS = [
  'identity.auth.refresh',
  'identity.auth.sign-in',
  'identity.invitation.accept',
  'identity.keys.list',
  'identity.marketing.unsubscribe',
  'identity.password-reset.confirm',
  'identity.password-reset.request',
  'identity.policy-document.get',
  'identity.policy-document.list-current',
];

// Only the decorators are read: nothing is started, no database or NATS is needed.
const table = accessTableOf(IdentityModule.register(loadConfig(IdentityConfig, {}), pino({ enabled: false })));

/** Every `identity.*` subject libs/contracts defines (patterns, and broadcasts, which share their shape). */
function identitySubjects(): Set<string> {
  const subjects = Object.values(contracts).flatMap((value) => {
    const subject = (value as { subject?: unknown } | null)?.subject;
    return typeof subject === 'string' && subject.startsWith('identity.') ? [subject] : [];
  });
  return new Set([...subjects, contracts.subjectExportPattern('identity').subject]);
}

describe('identity bus access (checked where the data is)', () => {
  it('declares who may send every message it handles', () => {
    const undeclared = table.filter((entry) => !entry.rule).map((entry) => `${entry.handler} (${entry.subject})`);
    expect(undeclared).toEqual([]);
  });

  it('handles each pattern once, and only patterns that libs/contracts defines', () => {
    const subjects = table.map((entry) => entry.subject);
    expect(new Set(subjects).size).toBe(subjects.length);
    const defined = identitySubjects();
    expect(subjects.filter((subject) => subject !== 'identity.health.check' && !defined.has(subject))).toEqual([]);
  });

  it('is public exactly for sign-in, refresh, the JWKS, the emailed links, unsubscribe and policy documents', () => {
    const publicOnes = table.filter((entry) => entry.rule && describeAccess(entry.rule) === 'public');
    expect(publicOnes.map((entry) => entry.subject).sort()).toEqual(PUBLIC_PATTERNS);
  });

  it('lets only the platform itself reach the messages its jobs, gateways and other services send', () => {
    const system = table.filter((entry) => entry.rule && describeAccess(entry.rule) === 'system');
    expect(system.map((entry) => entry.subject).sort()).toEqual([
      'identity.billing-contact.notify',
      'identity.finance-api-key.authenticate',
      'identity.health.check',
      'identity.idempotency.begin',
      'identity.idempotency.complete',
      'identity.idempotency.release',
      'identity.maintenance-window.current',
      'identity.rights-managers.notify',
      'identity.session.list-revoked',
      'identity.session.owner',
      'identity.session.report-activity',
      // Audit asks which staff a rights request names are the school's.
      'identity.user.find',
    ]);
  });
});
