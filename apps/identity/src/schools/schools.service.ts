import { Injectable } from '@nestjs/common';
import {
  CreateSchoolRequest,
  MessageContext,
  RecordSignatureRequest,
  SCHOOL_CREATED,
  SCHOOL_STATUS_CHANGED,
  SchoolPage,
  SchoolStatus,
  SchoolStatusValue,
  SchoolView,
} from '@pt/contracts';
import { decodeCursor, pageOf, PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { BusException, stageEvent, uuid7 } from '@pt/platform';
import { DataProcessingSignature, PostalAddress, School, SchoolContact } from './school.entity';
import { SchoolRepository } from './school.repository';
import { toSchoolStatus, toSchoolView } from './school-view';

const notFound = () => BusException.notFound('school.not_found', 'The school does not exist');

/**
 * Schools are created and onboarded by platform admins. A school can process pupil data
 * only once its signature of the data processing terms is recorded (P11); every change of
 * that is published so that other services refuse or accept pupil writes.
 */
@Injectable()
export class SchoolsService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  create(ctx: MessageContext, request: CreateSchoolRequest): Promise<SchoolView> {
    return this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const schools = new SchoolRepository(em);
      if (await schools.findByDfeNumber(request.laCode, request.establishmentNumber)) {
        throw BusException.conflict('school.dfe_number_taken', 'A school with this DfE number already exists');
      }
      const school = new School();
      school.id = uuid7();
      school.name = request.name;
      school.laCode = request.laCode;
      school.establishmentNumber = request.establishmentNumber;
      school.address = Object.assign(new PostalAddress(), { line2: null, county: null }, request.address);
      school.contact = Object.assign(new SchoolContact(), { telephone: null }, request.contact);
      schools.add(school);
      const eventCtx = { ...ctx, tenantId: school.id };
      stageEvent(em, SCHOOL_CREATED, eventCtx, { schoolId: school.id });
      stageEvent(em, SCHOOL_STATUS_CHANGED, eventCtx, toSchoolStatus(school));
      return toSchoolView(school);
    });
  }

  async list(limit: number, cursor?: string, status?: SchoolStatusValue): Promise<SchoolPage> {
    const after = cursor ? decodeCursor(cursor) : null;
    if (cursor && !after) throw BusException.validation([{ field: 'cursor', message: 'is not a valid cursor' }]);
    const rows = await this.unitOfWork.run(PLATFORM_SCOPE, (em) => new SchoolRepository(em).page(limit, after, status));
    const page = pageOf(rows, limit, (school) => ({ key: school.createdAt.toISOString(), id: school.id }));
    return { items: page.items.map(toSchoolView), nextCursor: page.nextCursor };
  }

  /** A platform actor reads any school; a school's own staff only their own (others: 404). */
  async get(ctx: MessageContext, schoolId: string): Promise<SchoolView> {
    if (ctx.tenantId && ctx.tenantId !== schoolId) throw notFound();
    const school = await this.unitOfWork.run(PLATFORM_SCOPE, (em) => new SchoolRepository(em).findById(schoolId));
    if (!school) throw notFound();
    return toSchoolView(school);
  }

  async status(schoolId: string): Promise<SchoolStatus> {
    const school = await this.unitOfWork.run(PLATFORM_SCOPE, (em) => new SchoolRepository(em).findById(schoolId));
    if (!school) throw notFound();
    return toSchoolStatus(school);
  }

  recordSignature(ctx: MessageContext, request: RecordSignatureRequest): Promise<SchoolView> {
    return this.unitOfWork.run(PLATFORM_SCOPE, async (em) => {
      const school = await new SchoolRepository(em).findById(request.schoolId);
      if (!school) throw notFound();
      const signedAt = new Date(request.signedAt);
      if (signedAt.getTime() > Date.now() + 5 * 60_000) {
        throw BusException.validation([{ field: 'signedAt', message: 'must not be in the future' }]);
      }
      const wasAllowed = school.dataProcessingAllowed;
      school.dataProcessingSignature = Object.assign(new DataProcessingSignature(), {
        signedByName: request.signedByName,
        signedByRole: request.signedByRole,
        termsVersion: request.termsVersion,
        signedAt,
        recordedBy: ctx.actor.id,
      });
      if (school.status === 'onboarding') school.status = 'active';
      if (school.dataProcessingAllowed !== wasAllowed) {
        stageEvent(em, SCHOOL_STATUS_CHANGED, { ...ctx, tenantId: school.id }, toSchoolStatus(school));
      }
      return toSchoolView(school);
    });
  }
}
