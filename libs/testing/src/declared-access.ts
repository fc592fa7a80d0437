import { requestPatternsOf, ServiceName } from '@pt/contracts';
import type { HandlerAccess } from '@pt/platform';
// By path, not the index (index-load.spec.ts).
import { describeAccess } from '@pt/platform/access/access-rule';

/**
 * The rules every service's access spec states about its own handlers (read from the
 * decorators by `accessTableOf`): each declares who may send it, each request pattern
 * the service defines has exactly one handler, and none is open to callers without a
 * session unless named in `publicSubjects`. Returns `ruleOf(subject)` for the spec's own
 * service-specific rules.
 */
export function specifyDeclaredAccess(
  service: ServiceName,
  table: HandlerAccess[],
  publicSubjects: string[] = [],
): (subject: string) => string {
  it('every handler declares its access', () => {
    expect(table.filter((entry) => !entry.rule).map((entry) => `${entry.handler} (${entry.subject})`)).toEqual([]);
  });

  it('every request pattern of the service has exactly one handler, and every handler serves one', () => {
    expect(table.map((entry) => entry.subject)).toEqual(requestPatternsOf(service).map((p) => p.subject));
  });

  it(`only the intended patterns are public (${publicSubjects.length})`, () => {
    const open = table.filter((entry) => entry.rule && /public|signed-in/.test(describeAccess(entry.rule)));
    expect(open.map((entry) => entry.subject).filter((subject) => !publicSubjects.includes(subject))).toEqual([]);
  });

  return (subject) => {
    const entry = table.find((e) => e.subject === subject);
    if (!entry?.rule) throw new Error(`${subject}: no rule`);
    return describeAccess(entry.rule);
  };
}
