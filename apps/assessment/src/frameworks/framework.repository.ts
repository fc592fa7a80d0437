import { EntityManager } from '@mikro-orm/postgresql';
import { AssessmentFramework, AssessmentPoint, GradeScale, Measure } from './framework.entity';

/** The only place that queries frameworks, scales, measures and points; the tenant filter and RLS scope every read. */
export class FrameworkRepository {
  constructor(private readonly em: EntityManager) {}

  findById(id: string): Promise<AssessmentFramework | null> {
    return this.em.findOne(AssessmentFramework, { id });
  }

  /** Locked for the rest of the transaction: changes to one framework are serialised. */
  findForUpdate(id: string): Promise<AssessmentFramework | null> {
    return this.em.findOne(AssessmentFramework, { id }, { lockMode: 4 /* PESSIMISTIC_WRITE */ });
  }

  findByYear(academicYear: string): Promise<AssessmentFramework | null> {
    return this.em.findOne(AssessmentFramework, { academicYear });
  }

  /** Newest academic year first. */
  list(): Promise<AssessmentFramework[]> {
    return this.em.find(AssessmentFramework, {}, { orderBy: { academicYear: 'desc', id: 'asc' } });
  }

  scalesOf(frameworkId: string): Promise<GradeScale[]> {
    return this.em.find(GradeScale, { frameworkId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  findScale(frameworkId: string, id: string): Promise<GradeScale | null> {
    return this.em.findOne(GradeScale, { frameworkId, id });
  }

  measuresOf(frameworkId: string): Promise<Measure[]> {
    return this.em.find(Measure, { frameworkId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  pointsOf(frameworkId: string): Promise<AssessmentPoint[]> {
    return this.em.find(AssessmentPoint, { frameworkId }, { orderBy: { date: 'asc', name: 'asc' } });
  }

  findMeasure(id: string): Promise<Measure | null> {
    return this.em.findOne(Measure, { id });
  }

  findPoint(id: string): Promise<AssessmentPoint | null> {
    return this.em.findOne(AssessmentPoint, { id });
  }

  findPointForUpdate(id: string): Promise<AssessmentPoint | null> {
    return this.em.findOne(AssessmentPoint, { id }, { lockMode: 4 /* PESSIMISTIC_WRITE */ });
  }

  add(row: AssessmentFramework | GradeScale | Measure | AssessmentPoint): void {
    this.em.persist(row);
  }

  /** The frameworks a staff member created: one query. */
  createdBy(staffId: string): Promise<AssessmentFramework[]> {
    return this.em.find(AssessmentFramework, { createdBy: staffId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  /** The assessment points a staff member closed: one query. */
  pointsClosedBy(staffId: string): Promise<AssessmentPoint[]> {
    return this.em.find(AssessmentPoint, { closedBy: staffId }, { orderBy: { closedAt: 'asc', id: 'asc' } });
  }
}
