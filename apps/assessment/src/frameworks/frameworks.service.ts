import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  AddAssessmentPointRequest,
  AddMeasureRequest,
  AdoptTemplateRequest,
  ASSESSMENT_POINT_CLOSED,
  ASSESSMENT_POINT_REOPENED,
  AssessmentPointView,
  CreateFrameworkRequest,
  FieldError,
  FRAMEWORK_CREATED,
  FrameworkSummary,
  FrameworkView,
  GradeScaleKind,
  isAcademicYear,
  isUuid,
} from '@pt/contracts';
import { UnitOfWork } from '@pt/persistence';
import { BusException, SchoolContext, stageEvent, uuid7 } from '@pt/platform';
import { templateByKey, templateCoversYear } from '../templates/assessment-templates';
import { isCalendarDate } from './calendar-date';
import { AssessmentFramework, AssessmentPoint, GradeScale, Measure } from './framework.entity';
import { FrameworkRepository } from './framework.repository';
import { frameworkNotFound, pointNotFound } from './framework-refusals';

const MAX_NAME = 200;

function checkName(errors: FieldError[], field: string, value: unknown): void {
  if (typeof value !== 'string' || !value.trim()) errors.push({ field, message: 'must not be empty' });
  else if (value.length > MAX_NAME) errors.push({ field, message: `must be at most ${MAX_NAME} characters` });
}

function refuseIfAny(errors: FieldError[]): void {
  if (errors.length) throw BusException.validation(errors);
}

/**
 * A school's assessment frameworks, one per academic year: its grade scales (ordered grades
 * or a numeric range), its measures, and its assessment points, open for results until
 * closed. A ready template (templates/) is adopted in one call: its scale and measures are
 * copied into the framework, so a later change to the template never changes a school's year.
 */
@Injectable()
export class FrameworksService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async create(ctx: SchoolContext, request: CreateFrameworkRequest): Promise<FrameworkView> {
    const errors: FieldError[] = [];
    if (!isAcademicYear(request.academicYear)) {
      errors.push({ field: 'academicYear', message: 'must be an academic year (YYYY/YY)' });
    }
    checkName(errors, 'name', request.name);
    refuseIfAny(errors);
    const yearTaken = () =>
      BusException.conflict('framework.year_taken', 'The school already has a framework for this academic year', {
        academicYear: request.academicYear,
      });
    try {
      return await this.unitOfWork.forContext(ctx, async (em) => {
        const frameworks = new FrameworkRepository(em);
        if (await frameworks.findByYear(request.academicYear)) throw yearTaken();
        const framework = Object.assign(new AssessmentFramework(), {
          id: uuid7(),
          tenantId: ctx.tenantId,
          academicYear: request.academicYear,
          name: request.name.trim(),
          createdBy: ctx.actor.id ?? null,
          createdAt: new Date(),
        });
        frameworks.add(framework);
        await em.flush();
        stageEvent(em, FRAMEWORK_CREATED, ctx, { frameworkId: framework.id });
        return viewOf(frameworks, framework);
      });
    } catch (error) {
      // Two creators of the same year at once: the unique index decides.
      if (error instanceof UniqueConstraintViolationException) throw yearTaken();
      throw error;
    }
  }

  list(ctx: SchoolContext): Promise<FrameworkSummary[]> {
    return this.unitOfWork.forContext(ctx, async (em) => (await new FrameworkRepository(em).list()).map(summaryOf));
  }

  get(ctx: SchoolContext, frameworkId: string): Promise<FrameworkView> {
    if (!isUuid(frameworkId)) throw frameworkNotFound();
    return this.unitOfWork.forContext(ctx, async (em) => {
      const frameworks = new FrameworkRepository(em);
      const framework = await frameworks.findById(frameworkId);
      if (!framework) throw frameworkNotFound();
      return viewOf(frameworks, framework);
    });
  }

  /** Copies a ready template's scale and measures into the framework, if its version covers the framework's year. */
  adoptTemplate(ctx: SchoolContext, request: AdoptTemplateRequest): Promise<FrameworkView> {
    if (!isUuid(request.frameworkId)) throw frameworkNotFound();
    const template = typeof request.templateKey === 'string' ? templateByKey(request.templateKey) : undefined;
    if (!template) throw BusException.notFound('assessment_template.not_found', 'There is no such template');
    return this.withFramework(ctx, request.frameworkId, async (em, frameworks, framework) => {
      if (!templateCoversYear(template, framework.academicYear)) {
        throw BusException.conflict(
          'assessment_template.not_for_year',
          `The template does not apply to ${framework.academicYear}`,
          { templateKey: template.key, fromYear: template.fromYear, toYear: template.toYear },
        );
      }
      if (framework.adoptedTemplates.includes(template.key)) {
        throw BusException.conflict('assessment_template.already_adopted', 'The template is already adopted', {
          templateKey: template.key,
        });
      }
      const taken = new Set((await frameworks.measuresOf(framework.id)).map((measure) => measure.name));
      const clash = template.measures.find((name) => taken.has(name));
      if (clash) throw measureNameTaken(clash);
      const scale = Object.assign(new GradeScale(), {
        id: uuid7(),
        tenantId: ctx.tenantId,
        frameworkId: framework.id,
        name: template.scale.name,
        kind: template.scale.kind,
        grades: template.scale.grades.map((grade) => ({ ...grade })),
        range: template.scale.range ? { ...template.scale.range } : null,
        templateKey: template.key,
        createdAt: new Date(),
      });
      frameworks.add(scale);
      const at = Date.now();
      template.measures.forEach((name, i) =>
        frameworks.add(
          Object.assign(new Measure(), {
            id: uuid7(),
            tenantId: ctx.tenantId,
            frameworkId: framework.id,
            name,
            gradeScaleId: scale.id,
            // One millisecond apart, so the measures list in the template's order.
            createdAt: new Date(at + i),
          }),
        ),
      );
      framework.adoptedTemplates = [...framework.adoptedTemplates, template.key];
      await em.flush();
    });
  }

  addMeasure(ctx: SchoolContext, request: AddMeasureRequest): Promise<FrameworkView> {
    const errors: FieldError[] = [];
    checkName(errors, 'name', request.name);
    if (!isUuid(request.gradeScaleId)) errors.push({ field: 'gradeScaleId', message: 'must be a UUID' });
    refuseIfAny(errors);
    if (!isUuid(request.frameworkId)) throw frameworkNotFound();
    const name = request.name.trim();
    return this.withFramework(ctx, request.frameworkId, async (em, frameworks, framework) => {
      if (!(await frameworks.findScale(framework.id, request.gradeScaleId))) {
        throw BusException.notFound('grade_scale.not_found', 'The framework has no such grade scale');
      }
      if ((await frameworks.measuresOf(framework.id)).some((measure) => measure.name === name)) {
        throw measureNameTaken(name);
      }
      frameworks.add(
        Object.assign(new Measure(), {
          id: uuid7(),
          tenantId: ctx.tenantId,
          frameworkId: framework.id,
          name,
          gradeScaleId: request.gradeScaleId,
          createdAt: new Date(),
        }),
      );
      await em.flush();
    });
  }

  addPoint(ctx: SchoolContext, request: AddAssessmentPointRequest): Promise<FrameworkView> {
    const errors: FieldError[] = [];
    checkName(errors, 'name', request.name);
    if (!isCalendarDate(request.date)) errors.push({ field: 'date', message: 'must be a calendar date (YYYY-MM-DD)' });
    refuseIfAny(errors);
    if (!isUuid(request.frameworkId)) throw frameworkNotFound();
    const name = request.name.trim();
    return this.withFramework(ctx, request.frameworkId, async (em, frameworks, framework) => {
      if ((await frameworks.pointsOf(framework.id)).some((point) => point.name === name)) {
        throw BusException.conflict('assessment_point.name_taken', 'The framework already has a point of this name', {
          name,
        });
      }
      frameworks.add(
        Object.assign(new AssessmentPoint(), {
          id: uuid7(),
          tenantId: ctx.tenantId,
          frameworkId: framework.id,
          name,
          date: request.date,
          createdAt: new Date(),
        }),
      );
      await em.flush();
    });
  }

  /** Closes a point: no results are entered at it until a senior leader reopens it. */
  close(ctx: SchoolContext, pointId: string): Promise<AssessmentPointView> {
    return this.withPoint(ctx, pointId, (em, point) => {
      if (point.closedAt) throw BusException.conflict('assessment_point.closed', 'The point is already closed');
      point.closedAt = new Date();
      point.closedBy = ctx.actor.id ?? null;
      stageEvent(em, ASSESSMENT_POINT_CLOSED, ctx, { pointId: point.id, frameworkId: point.frameworkId });
    });
  }

  reopen(ctx: SchoolContext, pointId: string): Promise<AssessmentPointView> {
    return this.withPoint(ctx, pointId, (em, point) => {
      if (!point.closedAt) throw BusException.conflict('assessment_point.open', 'The point is open');
      point.closedAt = null;
      point.closedBy = null;
      stageEvent(em, ASSESSMENT_POINT_REOPENED, ctx, { pointId: point.id, frameworkId: point.frameworkId });
    });
  }

  private withFramework(
    ctx: SchoolContext,
    frameworkId: string,
    change: (em: EntityManager, frameworks: FrameworkRepository, framework: AssessmentFramework) => Promise<void>,
  ): Promise<FrameworkView> {
    return this.unitOfWork.forContext(ctx, async (em) => {
      const frameworks = new FrameworkRepository(em);
      const framework = await frameworks.findForUpdate(frameworkId);
      if (!framework) throw frameworkNotFound();
      await change(em, frameworks, framework);
      return viewOf(frameworks, framework);
    });
  }

  private withPoint(
    ctx: SchoolContext,
    pointId: string,
    change: (em: EntityManager, point: AssessmentPoint) => void,
  ): Promise<AssessmentPointView> {
    if (!isUuid(pointId)) throw pointNotFound();
    return this.unitOfWork.forContext(ctx, async (em) => {
      const point = await new FrameworkRepository(em).findPointForUpdate(pointId);
      if (!point) throw pointNotFound();
      change(em, point);
      await em.flush();
      return pointViewOf(point);
    });
  }
}

const measureNameTaken = (name: string) =>
  BusException.conflict('measure.name_taken', 'The framework already has a measure of this name', { name });

function summaryOf(framework: AssessmentFramework): FrameworkSummary {
  return {
    id: framework.id,
    academicYear: framework.academicYear,
    name: framework.name,
    createdAt: framework.createdAt.toISOString(),
  };
}

function pointViewOf(point: AssessmentPoint): AssessmentPointView {
  return {
    id: point.id,
    name: point.name,
    date: point.date,
    status: point.closedAt ? 'closed' : 'open',
    closedAt: point.closedAt ? point.closedAt.toISOString() : null,
  };
}

async function viewOf(frameworks: FrameworkRepository, framework: AssessmentFramework): Promise<FrameworkView> {
  const [scales, measures, points] = await Promise.all([
    frameworks.scalesOf(framework.id),
    frameworks.measuresOf(framework.id),
    frameworks.pointsOf(framework.id),
  ]);
  return {
    ...summaryOf(framework),
    gradeScales: scales.map((scale) => ({
      id: scale.id,
      name: scale.name,
      kind: scale.kind as GradeScaleKind,
      grades: scale.grades,
      range: scale.range,
      templateKey: scale.templateKey,
    })),
    measures: measures.map((measure) => ({ id: measure.id, name: measure.name, gradeScaleId: measure.gradeScaleId })),
    points: points.map(pointViewOf),
    adoptedTemplates: [...framework.adoptedTemplates],
  };
}
