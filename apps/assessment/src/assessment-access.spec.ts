import { accessTableOf, DataServiceConfig } from '@pt/platform';
import { specifyDeclaredAccess } from '@pt/testing';
import pino from 'pino';
import { AssessmentModule } from './assessment.module';

// Read from the decorators alone: nothing is started, so the config is never read.
const table = accessTableOf(AssessmentModule.register({} as DataServiceConfig, pino({ enabled: false })));

describe('assessment: who may send each message, declared beside its handler', () => {
  const ruleOf = specifyDeclaredAccess('assessment', table);

  it("a subject-access export is gathered only for the school's rights managers (P22)", () => {
    expect(ruleOf('assessment.subject.export')).toBe('school(rights:manage)');
  });

  it('templates and frameworks are read by anyone who reads assessments', () => {
    for (const subject of ['assessment.template.list', 'assessment.framework.list', 'assessment.framework.get']) {
      expect(ruleOf(subject)).toBe('school(assessments:read)');
    }
  });

  it('a framework is set up, and a point closed or reopened, only by those who manage assessment (senior leaders, admins)', () => {
    for (const subject of [
      'assessment.framework.create',
      'assessment.framework.adopt-template',
      'assessment.measure.add',
      'assessment.point.add',
      'assessment.point.close',
      'assessment.point.reopen',
    ]) {
      expect(ruleOf(subject)).toBe('school(assessments:manage)');
    }
  });

  it('results are entered by those who write assessments (teachers included) and read by those who read them', () => {
    for (const subject of ['assessment.result.record', 'assessment.result.save-grid']) {
      expect(ruleOf(subject)).toBe('school(assessments:write)');
    }
    for (const subject of ['assessment.result.list', 'assessment.result.history', 'assessment.result.missing']) {
      expect(ruleOf(subject)).toBe('school(assessments:read)');
    }
  });

  it('targets are set by those who write assessments; the on-track rule is chosen only by those who manage assessment', () => {
    expect(ruleOf('assessment.target.set')).toBe('school(assessments:write)');
    expect(ruleOf('assessment.on-track-rule.set')).toBe('school(assessments:manage)');
    for (const subject of ['assessment.target.list', 'assessment.on-track-rule.get', 'assessment.on-track.get']) {
      expect(ruleOf(subject)).toBe('school(assessments:read)');
    }
  });
});
