import { classGroupScopeOf, inScope } from './class-group-scope';

const ctx = (classGroupIds?: string[] | null) => ({
  tenantId: 'school',
  actor: { id: 'u', kind: 'staff' as const, roles: ['teacher'], classGroupIds },
  requestId: 'r',
  ip: null,
});

describe('P19: class-group scope of a teacher in assessment', () => {
  it('is unlimited without class groups in the token', () => {
    expect(classGroupScopeOf(ctx())).toBeNull();
    expect(classGroupScopeOf(ctx(null))).toBeNull();
    expect(inScope(null, null)).toBe(true);
  });

  it('lets a limited teacher reach only pupils of their groups, never a pupil in no group', () => {
    const scope = classGroupScopeOf(ctx(['AAAAAAAA-0000-4000-8000-000000000001']));
    expect(inScope(scope, 'aaaaaaaa-0000-4000-8000-000000000001')).toBe(true);
    expect(inScope(scope, 'aaaaaaaa-0000-4000-8000-000000000002')).toBe(false);
    expect(inScope(scope, null)).toBe(false);
    expect(inScope(classGroupScopeOf(ctx([])), 'aaaaaaaa-0000-4000-8000-000000000001')).toBe(false);
  });
});
