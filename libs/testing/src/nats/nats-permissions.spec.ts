import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requestPatternsOf, SERVICE_NAMES } from '@pt/contracts';
import {
  BUS_PROCESSES,
  busUseOf,
  NATS_PERMISSIONS_FILE,
  natsPasswordVariable,
  permissionsFor,
  renderNatsAuthorization,
} from './nats-permissions';

describe('NATS permissions (issue 17: least privilege on the bus)', () => {
  it('deploy/nats/permissions.conf is what the contracts and the code say now (npm run generate:nats-permissions)', () => {
    expect(readFileSync(NATS_PERMISSIONS_FILE, 'utf8')).toBe(renderNatsAuthorization());
  });

  it('nats-server -t takes the file as a config include, with the passwords from its environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pt-nats-conf-'));
    try {
      copyFileSync(NATS_PERMISSIONS_FILE, join(dir, 'permissions.conf'));
      const config = join(dir, 'nats.conf');
      writeFileSync(config, `port: 4222\njetstream { store_dir: "${join(dir, 'js')}" }\ninclude permissions.conf\n`);
      const passwords = Object.fromEntries(
        BUS_PROCESSES.map((p) => [natsPasswordVariable(p), `secret-of-${p}-0123456789`]),
      );
      // Exits non-zero (and execFileSync throws) on any error in the file.
      execFileSync('nats-server', ['-t', '-c', config], {
        env: { PATH: process.env.PATH, ...passwords },
        stdio: 'pipe',
      });
      // Without the passwords the server refuses the file: none is written into it.
      expect(() =>
        execFileSync('nats-server', ['-t', '-c', config], { env: { PATH: process.env.PATH }, stdio: 'pipe' }),
      ).toThrow(/NATS_PASSWORD_GATEWAY/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("each service answers only its own request subjects; the gateway answers none and calls other services' requests", () => {
    for (const service of SERVICE_NAMES) {
      const use = busUseOf(service);
      expect(use.answers).toEqual(
        requestPatternsOf(service)
          .map((p) => p.subject)
          .sort(),
      );
      expect(use.calls.filter((subject) => subject.startsWith(`${service}.`))).toEqual([]);
      // A service's durable consumers carry its name, so one never reads another's position.
      expect(use.durables.length).toBeGreaterThan(0);
      for (const durable of use.durables) expect(durable.startsWith(`${service}-`)).toBe(true);
    }
    const gateway = busUseOf('gateway');
    expect(gateway.answers).toEqual([]);
    expect(gateway.calls).toContain('identity.auth.sign-in');
    expect(gateway.publishesEvents).toBe(false);
    expect(gateway.durables).toEqual([]);
  });

  it('a service publishes only its own events and takes only its own consumers, in the namespace of its stack', () => {
    const billing = permissionsFor('billing', busUseOf('billing'), { namespace: 'run1' });
    expect(billing.publish).toContain('run1.evt.billing.>');
    expect(billing.publish.filter((s) => s.includes('.evt.') || s.startsWith('evt.'))).toEqual(['run1.evt.billing.>']);
    const consumers = billing.publish.filter((s) => s.startsWith('$JS.API.CONSUMER.') || s.startsWith('$JS.ACK.'));
    for (const subject of consumers) expect(subject).toMatch(/(EVENTS_RUN1\.billing-|OBJ_files_run1)/);
    expect(billing.subscribe).not.toContain('run1.identity.auth.sign-in');
    expect(billing.publish).not.toContain('run1.identity.auth.sign-in');
  });
});
