import { Actor, MessageContext } from '@pt/contracts';
import { accessRefusal, AccessRule, Allow } from './access-rule';

const SCHOOL = '0190a000-0000-7000-8000-000000000001';

function ctxOf(actor: Partial<Actor>, tenantId: string | null = SCHOOL): MessageContext {
  return {
    tenantId,
    actor: { id: '0190a000-0000-7000-8000-0000000000aa', kind: 'staff', roles: [], permissions: [], ...actor },
    requestId: 'r',
    ip: null,
  };
}

function codeOf(rule: AccessRule, ctx: MessageContext): string | null {
  return accessRefusal(rule, ctx)?.code ?? null;
}

describe('access rules checked where the data is', () => {
  it('admits anyone to a public message, even without an actor id', () => {
    expect(codeOf(Allow.public(), ctxOf({ kind: 'anonymous', id: null }, null))).toBeNull();
  });

  it('admits signed-in people to a signed-in message, and refuses the anonymous', () => {
    expect(codeOf(Allow.signedIn(), ctxOf({ kind: 'staff' }))).toBeNull();
    expect(codeOf(Allow.signedIn(), ctxOf({ kind: 'platform' }, null))).toBeNull();
    expect(codeOf(Allow.signedIn(), ctxOf({ kind: 'anonymous', id: null }, null))).toBe('unauthenticated');
  });

  describe('a school rule', () => {
    const rule = Allow.school('pupils:write');

    it('admits staff of the acting school who hold every permission', () => {
      expect(codeOf(rule, ctxOf({ permissions: ['pupils:read', 'pupils:write'] }))).toBeNull();
    });

    it('refuses a missing permission, naming it', () => {
      const refusal = accessRefusal(rule, ctxOf({ permissions: ['pupils:read'] }));
      expect(refusal?.code).toBe('permission_denied');
      expect(refusal?.body.details).toEqual({ missing: ['pupils:write'] });
    });

    it('refuses a message without a school, even from someone holding the permission', () => {
      expect(codeOf(rule, ctxOf({ permissions: ['pupils:write'] }, null))).toBe('school_required');
    });

    it('admits platform support only under a grant, and only for what the grant allows (P12)', () => {
      expect(codeOf(rule, ctxOf({ kind: 'platform', permissions: ['pupils:write'] }))).toBe('unauthenticated');
      expect(codeOf(rule, ctxOf({ kind: 'platform', supportGrantId: 'g', permissions: ['pupils:write'] }))).toBeNull();
      expect(codeOf(rule, ctxOf({ kind: 'platform', supportGrantId: 'g', permissions: ['pupils:read'] }))).toBe(
        'permission_denied',
      );
    });

    it('refuses the system actor and the anonymous', () => {
      expect(codeOf(rule, ctxOf({ kind: 'system', id: null, permissions: ['pupils:write'] }))).toBe('unauthenticated');
      expect(codeOf(rule, ctxOf({ kind: 'anonymous', id: null }))).toBe('unauthenticated');
    });
  });

  describe('a platform rule', () => {
    const rule = Allow.platform('ops:sessions');

    it('admits platform staff outside any school who hold the permission', () => {
      expect(codeOf(rule, ctxOf({ kind: 'platform', permissions: ['ops:sessions'] }, null))).toBeNull();
    });

    it('refuses school staff, platform staff inside a school, and support under a grant', () => {
      expect(codeOf(rule, ctxOf({ permissions: ['ops:sessions'] }, null))).toBe('platform_required');
      expect(codeOf(rule, ctxOf({ kind: 'platform', permissions: ['ops:sessions'] }))).toBe('platform_required');
      expect(codeOf(rule, ctxOf({ kind: 'platform', supportGrantId: 'g', permissions: ['ops:sessions'] }, null))).toBe(
        'platform_required',
      );
    });

    it('refuses platform staff without the permission', () => {
      expect(codeOf(rule, ctxOf({ kind: 'platform', permissions: ['ops:breaches'] }, null))).toBe('permission_denied');
    });
  });

  it('admits only the system actor to a system message', () => {
    expect(codeOf(Allow.system(), ctxOf({ kind: 'system', id: null }, null))).toBeNull();
    expect(codeOf(Allow.system(), ctxOf({ kind: 'platform', permissions: ['platform:security'] }, null))).toBe(
      'system_required',
    );
  });

  it('admits under any one of several rules, and otherwise answers with the first refusal', () => {
    const rule = Allow.anyOf(Allow.platform('ops:breaches'), Allow.system());
    expect(codeOf(rule, ctxOf({ kind: 'system', id: null }, null))).toBeNull();
    expect(codeOf(rule, ctxOf({ kind: 'platform', permissions: ['ops:breaches'] }, null))).toBeNull();
    expect(codeOf(rule, ctxOf({ permissions: ['ops:breaches'] }))).toBe('platform_required');
  });
});
