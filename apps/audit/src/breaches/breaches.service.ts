import { Inject, Injectable } from '@nestjs/common';
import {
  AddBreachSchoolsRequest,
  AddBreachUpdateRequest,
  BREACH_NOTIFICATION_HOURS,
  BREACH_RECORDED,
  BREACH_SCHOOL_ADDED,
  BREACH_SCHOOL_NOTIFIED,
  BREACH_UPDATED,
  BreachIncidentPage,
  BreachIncidentView,
  GET_SCHOOL_STATUS,
  MessageContext,
  NOTIFY_SCHOOL_ADMINS,
  RecordBreachRequest,
} from '@pt/contracts';
import { decodeCursor, pageOf, PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { BusClient, BusException, describeError, PLATFORM_LOGGER, stageEvent, uuid7 } from '@pt/platform';
import { Logger } from 'pino';
import { BreachIncident, BreachSchool, BreachUpdate } from './breach-incident.entity';
import { BreachRepository } from './breach.repository';

const HOUR_MS = 3_600_000;
/** A detection time a little ahead of our clock is a skewed clock; further is a mistake. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

const notFound = () => BusException.notFound('breach.not_found', 'The incident does not exist');

/**
 * The breach register (P23): platform ops record an incident and the schools it affects;
 * each affected school's admins are notified through identity (email and in-app notice)
 * and the time each school was notified is kept; the register shows the hours since
 * detection against the 72-hour clock, and every later update.
 */
@Injectable()
export class BreachesService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly bus: BusClient,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {}

  async record(ctx: MessageContext, request: RecordBreachRequest): Promise<BreachIncidentView> {
    const detectedAt = new Date(request.detectedAt);
    if (Number.isNaN(detectedAt.getTime())) {
      throw BusException.validation([{ field: 'detectedAt', message: 'must be an ISO 8601 date-time' }]);
    }
    if (detectedAt.getTime() > Date.now() + FUTURE_TOLERANCE_MS) {
      throw BusException.validation([{ field: 'detectedAt', message: 'must not be in the future' }]);
    }
    const schoolIds = [...new Set(request.affectedSchoolIds)];
    await this.checkSchoolsExist(ctx, schoolIds, 'affectedSchoolIds');
    const incidentId = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const breaches = new BreachRepository(em);
      const incident = Object.assign(new BreachIncident(), {
        id: uuid7(),
        detectedAt,
        nature: request.nature,
        dataCategories: [...new Set(request.dataCategories)],
        approxPeople: request.approxPeople,
        approxRecords: request.approxRecords,
        likelyConsequences: request.likelyConsequences,
        measuresTaken: request.measuresTaken,
        contactPoint: request.contactPoint,
        recordedBy: ctx.actor.id,
        recordedAt: new Date(),
      });
      breaches.add(incident);
      stageEvent(em, BREACH_RECORDED, platformCtx(ctx), { incidentId: incident.id });
      for (const schoolId of schoolIds) this.addSchool(em, breaches, ctx, incident.id, schoolId);
      return incident.id;
    });
    await this.notifyPending(ctx, incidentId);
    return this.view(incidentId);
  }

  /** Adds schools found to be affected later; every affected school not yet notified is notified now. */
  async addSchools(ctx: MessageContext, request: AddBreachSchoolsRequest): Promise<BreachIncidentView> {
    const schoolIds = [...new Set(request.schoolIds)];
    await this.checkSchoolsExist(ctx, schoolIds, 'schoolIds');
    await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const breaches = new BreachRepository(em);
      if (!(await breaches.findForUpdate(request.incidentId))) throw notFound();
      for (const schoolId of schoolIds) {
        if (!(await breaches.findSchool(request.incidentId, schoolId))) {
          this.addSchool(em, breaches, ctx, request.incidentId, schoolId);
        }
      }
    });
    await this.notifyPending(ctx, request.incidentId);
    return this.view(request.incidentId);
  }

  async addUpdate(ctx: MessageContext, request: AddBreachUpdateRequest): Promise<BreachIncidentView> {
    await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const breaches = new BreachRepository(em);
      const incident = await breaches.findForUpdate(request.incidentId);
      if (!incident) throw notFound();
      const update = Object.assign(new BreachUpdate(), {
        id: uuid7(),
        incidentId: incident.id,
        note: request.note,
        measuresTaken: request.measuresTaken ?? null,
        recordedBy: ctx.actor.id,
        recordedAt: new Date(),
      });
      if (request.measuresTaken !== undefined) incident.measuresTaken = request.measuresTaken;
      breaches.add(update);
      stageEvent(em, BREACH_UPDATED, platformCtx(ctx), { incidentId: incident.id, updateId: update.id });
    });
    return this.view(request.incidentId);
  }

  async get(incidentId: string): Promise<BreachIncidentView> {
    return this.view(incidentId);
  }

  async list(request: { limit: number; cursor?: string }): Promise<BreachIncidentPage> {
    const after = request.cursor ? decodeCursor(request.cursor) : null;
    if (request.cursor && !after)
      throw BusException.validation([{ field: 'cursor', message: 'is not a valid cursor' }]);
    const limit = Number.isInteger(request.limit) ? Math.max(1, Math.min(request.limit, 200)) : 50;
    return this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const breaches = new BreachRepository(em);
      const page = pageOf(await breaches.page(limit, after), limit, (incident) => ({
        key: incident.recordedAt.toISOString(),
        id: incident.id,
      }));
      const ids = page.items.map((incident) => incident.id);
      const [schools, updates] = await Promise.all([breaches.schoolsOf(ids), breaches.updatesOf(ids)]);
      return {
        items: page.items.map((incident) => toView(incident, schools, updates, new Date())),
        nextCursor: page.nextCursor,
      };
    });
  }

  private addSchool(
    em: Parameters<Parameters<UnitOfWork['run']>[1]>[0],
    breaches: BreachRepository,
    ctx: MessageContext,
    incidentId: string,
    schoolId: string,
  ): void {
    breaches.add(Object.assign(new BreachSchool(), { id: uuid7(), incidentId, schoolId, addedAt: new Date() }));
    stageEvent(em, BREACH_SCHOOL_ADDED, platformCtx(ctx), { incidentId, schoolId });
  }

  /** Every named school must exist in identity; an unknown one is named by its index. */
  private async checkSchoolsExist(ctx: MessageContext, schoolIds: string[], field: string): Promise<void> {
    const errors: { field: string; message: string }[] = [];
    for (const [index, schoolId] of schoolIds.entries()) {
      try {
        await this.bus.request(GET_SCHOOL_STATUS, ctx, { schoolId });
      } catch (error) {
        if (error instanceof BusException && error.kind === 'not_found') {
          errors.push({ field: `${field}[${index}]`, message: 'is not a school' });
        } else throw error;
      }
    }
    if (errors.length) throw BusException.validation(errors);
  }

  /**
   * Asks identity to notify each affected school not yet notified, one school at a time,
   * and records when each was. A school identity cannot reach now stays un-notified (the
   * register shows it) and is notified on the next change of the incident's schools;
   * identity's notices are idempotent per school and incident, so a retry emails nobody twice.
   */
  private async notifyPending(ctx: MessageContext, incidentId: string): Promise<void> {
    const { incident, pending } = await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const breaches = new BreachRepository(em);
      const found = await breaches.findById(incidentId);
      const schools = await breaches.schoolsOf([incidentId]);
      return { incident: found, pending: schools.filter((s) => !s.notifiedAt).map((s) => s.schoolId) };
    });
    if (!incident) throw notFound();
    for (const schoolId of pending) {
      let notified;
      try {
        const reply = await this.bus.request(NOTIFY_SCHOOL_ADMINS, platformCtx(ctx), {
          schoolIds: [schoolId],
          subject: 'breach',
          incidentId,
          detectedAt: incident.detectedAt.toISOString(),
        });
        notified = reply.schools.find((s) => s.schoolId === schoolId);
      } catch (error) {
        this.logger.error({ incidentId, schoolId, ...describeError(error) }, 'breach notification failed');
        continue;
      }
      if (!notified) continue;
      await this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
        const row = await new BreachRepository(em).findSchool(incidentId, schoolId);
        if (!row || row.notifiedAt) return;
        row.notifiedAt = new Date(notified.notifiedAt);
        row.recipients = notified.recipients;
        stageEvent(em, BREACH_SCHOOL_NOTIFIED, platformCtx(ctx), {
          incidentId,
          schoolId,
          recipients: notified.recipients,
        });
      });
    }
  }

  private view(incidentId: string): Promise<BreachIncidentView> {
    return this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const breaches = new BreachRepository(em);
      const incident = await breaches.findById(incidentId);
      if (!incident) throw notFound();
      const [schools, updates] = await Promise.all([
        breaches.schoolsOf([incidentId]),
        breaches.updatesOf([incidentId]),
      ]);
      return toView(incident, schools, updates, new Date());
    });
  }
}

/** The register is platform-level: its events belong to the platform chain. */
function platformCtx(ctx: MessageContext): MessageContext {
  return { ...ctx, tenantId: null };
}

export function toView(
  incident: BreachIncident,
  schools: BreachSchool[],
  updates: BreachUpdate[],
  now: Date,
): BreachIncidentView {
  const deadline = new Date(incident.detectedAt.getTime() + BREACH_NOTIFICATION_HOURS * HOUR_MS);
  const hours = (now.getTime() - incident.detectedAt.getTime()) / HOUR_MS;
  return {
    id: incident.id,
    detectedAt: incident.detectedAt.toISOString(),
    nature: incident.nature,
    dataCategories: incident.dataCategories,
    approxPeople: incident.approxPeople,
    approxRecords: incident.approxRecords,
    likelyConsequences: incident.likelyConsequences,
    measuresTaken: incident.measuresTaken,
    contactPoint: incident.contactPoint,
    recordedBy: incident.recordedBy,
    recordedAt: incident.recordedAt.toISOString(),
    notificationDeadline: deadline.toISOString(),
    hoursSinceDetection: Math.round(hours * 100) / 100,
    deadlinePassed: now.getTime() > deadline.getTime(),
    affectedSchools: schools
      .filter((s) => s.incidentId === incident.id)
      .map((s) => ({
        schoolId: s.schoolId,
        addedAt: s.addedAt.toISOString(),
        notifiedAt: s.notifiedAt?.toISOString() ?? null,
        recipients: s.recipients,
      })),
    updates: updates
      .filter((u) => u.incidentId === incident.id)
      .map((u) => ({
        id: u.id,
        note: u.note,
        measuresTaken: u.measuresTaken,
        recordedBy: u.recordedBy,
        recordedAt: u.recordedAt.toISOString(),
      })),
  };
}
