import { loadConfig } from '@pt/platform';
import { AuditConfig } from '../audit.config';
import { checkpointSignature, signatureMatches } from '../log/entry-hash';

describe('P24: audit retention settings and the retention cut', () => {
  it('keeps entries six years by default and runs daily; 0 hours turns the schedule off', () => {
    const config = loadConfig(AuditConfig, {});
    expect(config.AUDIT_RETENTION_DAYS).toBe(2192);
    expect(config.AUDIT_RETENTION_INTERVAL_HOURS).toBe(24);
    expect(loadConfig(AuditConfig, { AUDIT_RETENTION_INTERVAL_HOURS: '0' }).AUDIT_RETENTION_INTERVAL_HOURS).toBe(0);
  });

  it('refuses a retention period under a day and a schedule longer than a timer can wait', () => {
    expect(() => loadConfig(AuditConfig, { AUDIT_RETENTION_DAYS: '0' })).toThrow(/AUDIT_RETENTION_DAYS/);
    expect(() => loadConfig(AuditConfig, { AUDIT_RETENTION_INTERVAL_HOURS: '1000' })).toThrow(
      /AUDIT_RETENTION_INTERVAL_HOURS/,
    );
  });

  it('signs the retention flag: an ordinary checkpoint cannot be turned into a cut without the key', () => {
    const checkpoint = { chain: 'platform', tenantId: null, sequence: 5, hash: 'a'.repeat(64), createdAt: new Date() };
    const ordinary = checkpointSignature('key-one', checkpoint);
    expect(checkpointSignature('key-one', { ...checkpoint, retentionCut: false })).toBe(ordinary);
    expect(signatureMatches('key-one', { ...checkpoint, retentionCut: true }, ordinary)).toBe(false);
    const cut = checkpointSignature('key-one', { ...checkpoint, retentionCut: true });
    expect(signatureMatches('key-one', { ...checkpoint, retentionCut: true }, cut)).toBe(true);
  });
});
