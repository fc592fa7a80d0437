import { definedRequestPatterns, healthPattern, requestPatternsOf, SERVICE_NAMES, subjectExportPattern } from '.';

describe('the pattern registry', () => {
  it("lists a service's request patterns, including those every service answers", () => {
    const subjects = requestPatternsOf('audit').map((p) => p.subject);
    expect(subjects).toEqual(
      expect.arrayContaining(['audit.health.check', 'audit.subject.export', 'audit.breach.record']),
    );
    expect(subjects.every((s) => s.startsWith('audit.'))).toBe(true);
  });

  it('defines the patterns every service answers once for each service, whoever asks for them', () => {
    for (const service of SERVICE_NAMES) {
      expect(requestPatternsOf(service)).toContain(healthPattern(service));
      expect(requestPatternsOf(service)).toContain(subjectExportPattern(service));
    }
  });

  it('holds each subject once', () => {
    const subjects = definedRequestPatterns().map((p) => p.subject);
    expect(new Set(subjects).size).toBe(subjects.length);
  });
});
