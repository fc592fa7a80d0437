import { DynamicModule } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  Actor,
  MessageContext,
  PLATFORM_PERMISSIONS,
  requestPatternsOf,
  SCHOOL_PERMISSIONS,
  SERVICE_NAMES,
  ServiceName,
} from '@pt/contracts';
import {
  accessRefusal,
  AccessRule,
  accessTableOf,
  BusException,
  DataServiceConfig,
  describeAccess,
  HandlerAccess,
  loadConfig,
} from '@pt/platform';
import { World } from '@pt/testing';
import pino from 'pino';
import { AssessmentModule } from '../apps/assessment/src/assessment.module';
import { AuditConfig } from '../apps/audit/src/audit.config';
import { AuditModule } from '../apps/audit/src/audit.module';
import { BillingModule } from '../apps/billing/src/billing.module';
import { IdentityConfig } from '../apps/identity/src/identity.config';
import { IdentityModule } from '../apps/identity/src/identity.module';
import { BillingConfig } from '../apps/billing/src/billing.config';
import { PupilRecordsConfig } from '../apps/pupil-records/src/pupil-records.config';
import { PupilRecordsModule } from '../apps/pupil-records/src/pupil-records.module';

/**
 * A message that reaches a service directly over NATS, without the gateway, is refused by
 * the service itself unless its ctx carries what the handler declares. The cases are
 * generated from the pattern registry and the services' declared access, not written per
 * handler: a new pattern is covered the day it is added.
 */

/** Who a service's handlers admit, read from the decorators (nothing is started; no database or NATS is needed). */
const MODULES: Record<ServiceName, () => DynamicModule> = {
  identity: () => IdentityModule.register(loadConfig(IdentityConfig, {}), quiet),
  'pupil-records': () => PupilRecordsModule.register(loadConfig(PupilRecordsConfig, {}), quiet),
  audit: () => AuditModule.register(loadConfig(AuditConfig, {}), quiet),
  assessment: () => AssessmentModule.register(loadConfig(DataServiceConfig, {}), quiet),
  billing: () => BillingModule.register(loadConfig(BillingConfig, {}), quiet),
};

function accessTableOfService(service: ServiceName): HandlerAccess[] {
  return accessTableOf(MODULES[service]());
}

const quiet = pino({ enabled: false });
const SCHOOL = randomUUID();
const EVERY_PERMISSION = [...SCHOOL_PERMISSIONS, ...PLATFORM_PERMISSIONS];

function ctxOf(tenantId: string | null, actor: Partial<Actor>): MessageContext {
  return {
    tenantId,
    actor: { id: randomUUID(), kind: 'staff', roles: [], permissions: [], ...actor },
    requestId: randomUUID(),
    ip: null,
  };
}

/** Contexts that each lack something: no actor, no permission, or the wrong place for the one held. */
const LACKING: Record<string, MessageContext> = {
  'no actor, in a school': ctxOf(SCHOOL, { id: null, kind: 'anonymous' }),
  'no actor, outside any school': ctxOf(null, { id: null, kind: 'anonymous' }),
  'school staff without permissions': ctxOf(SCHOOL, {}),
  'school staff holding every permission, outside any school': ctxOf(null, { permissions: EVERY_PERMISSION }),
  'platform staff holding every permission, inside a school without a support grant': ctxOf(SCHOOL, {
    kind: 'platform',
    permissions: EVERY_PERMISSION,
  }),
  'platform support under a grant holding every permission': ctxOf(SCHOOL, {
    kind: 'platform',
    supportGrantId: randomUUID(),
    permissions: EVERY_PERMISSION,
  }),
  'platform staff without permissions': ctxOf(null, { kind: 'platform' }),
  'platform staff holding every permission, outside any school (not the platform itself)': ctxOf(null, {
    kind: 'platform',
    permissions: EVERY_PERMISSION,
  }),
};

interface PatternCase {
  service: ServiceName;
  subject: string;
  rule: AccessRule | undefined;
}

const PATTERNS: PatternCase[] = SERVICE_NAMES.flatMap((service) => {
  const table = accessTableOfService(service);
  return requestPatternsOf(service).map(({ subject }) => ({
    service,
    subject,
    rule: table.find((entry) => entry.subject === subject)?.rule,
  }));
});

const isPublic = (rule: AccessRule | undefined) => rule?.kind === 'public';

describe('access is checked where the data is: every request pattern, sent directly over NATS', () => {
  let world: World;

  beforeAll(async () => {
    world = await World.start({ label: 'bus_access', processes: [...SERVICE_NAMES], admin: false });
  }, 120_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('covers every request pattern of every service, each served by a handler that declares its access', () => {
    expect(PATTERNS.length).toBeGreaterThan(0);
    expect(PATTERNS.filter((p) => !p.rule).map((p) => p.subject)).toEqual([]);
    for (const service of SERVICE_NAMES) {
      const handled = accessTableOfService(service).map((entry) => entry.subject);
      expect(handled).toEqual(requestPatternsOf(service).map((p) => p.subject));
    }
  });

  it('is public only where identity declares it (sign-in, refresh, the JWKS, the emailed links, unsubscribe, policy documents)', () => {
    const publicOnes = PATTERNS.filter((p) => isPublic(p.rule)).map((p) => p.subject);
    expect(publicOnes.length).toBeGreaterThan(0);
    expect(publicOnes.filter((subject) => !subject.startsWith('identity.'))).toEqual([]);
  });

  const guarded = PATTERNS.filter((p) => p.rule && !isPublic(p.rule));
  it.each(guarded.map((p) => [p.subject, describeAccess(p.rule!), p] as const))(
    '%s (%s) is refused by the service to every context lacking what it declares',
    async (_subject, _rule, pattern) => {
      const refused = Object.entries(LACKING).filter(([, ctx]) => accessRefusal(pattern.rule!, ctx));
      // Every guarded pattern refuses at least the message with no actor at all.
      expect(refused.map(([name]) => name)).toContain('no actor, outside any school');
      for (const [name, ctx] of refused) {
        const expected = accessRefusal(pattern.rule!, ctx)!;
        const answer = await world.send({ subject: pattern.subject }, {}, ctx).then(
          () => 'answered',
          (error: unknown) => (error instanceof BusException ? error.body : error),
        );
        expect({ case: name, answer }).toEqual({
          case: name,
          answer: expect.objectContaining({ kind: expected.body.kind, code: expected.body.code }),
        });
        expect(['forbidden', 'unauthenticated']).toContain(expected.body.kind);
      }
    },
  );
});
