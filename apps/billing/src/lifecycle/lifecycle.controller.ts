import { Controller } from '@nestjs/common';
import {
  GET_PURGE_CERTIFICATE,
  GraceChargePage,
  GraceChargeView,
  isUuid,
  LIST_GRACE_CHARGES,
  LifecycleRunView,
  MessageContext,
  PurgeCertificateView,
  RECORD_GRACE_ACCESS,
  RecordGraceAccessRequest,
  RUN_LIFECYCLE,
  SCHOOLS_IN_GRACE,
  SchoolsInGraceView,
} from '@pt/contracts';
import { Access, Allow, BusException, Handles, MsgCtx, MsgData } from '@pt/platform';
import { LifecycleService } from './lifecycle.service';

/** The school lifecycle (P25-P27): the run on demand, the grace set and its charges, purge certificates. */
@Controller()
export class LifecycleController {
  constructor(private readonly lifecycle: LifecycleService) {}

  @Handles(RUN_LIFECYCLE)
  @Access(Allow.platform('billing:invoices'))
  run(): Promise<LifecycleRunView> {
    return this.lifecycle.run();
  }

  /** The gateway's read-only set: asked by the gateway itself, as the system. */
  @Handles(SCHOOLS_IN_GRACE)
  @Access(Allow.system())
  async schoolsInGrace(): Promise<SchoolsInGraceView> {
    const { grace, purged } = await this.lifecycle.schoolsInGrace();
    return { schoolIds: grace, purgedSchoolIds: purged };
  }

  /** Sent by the gateway, as the system, for each read of pupil data by a school in grace. */
  @Handles(RECORD_GRACE_ACCESS)
  @Access(Allow.system())
  recordGraceAccess(@MsgData() data: RecordGraceAccessRequest): Promise<GraceChargeView> {
    if (!isUuid(data?.schoolId)) throw BusException.validation([{ field: 'schoolId', message: 'must be a uuid' }]);
    if (typeof data.resource !== 'string' || !data.resource) {
      throw BusException.validation([{ field: 'resource', message: 'must be given' }]);
    }
    return this.lifecycle.recordGraceAccess({ schoolId: data.schoolId.toLowerCase(), resource: data.resource });
  }

  @Handles(LIST_GRACE_CHARGES)
  @Access(Allow.anyOf(Allow.platform('billing:invoices'), Allow.school('school:manage')))
  charges(@MsgCtx() ctx: MessageContext, @MsgData() data: { schoolId: string }): Promise<GraceChargePage> {
    if (!isUuid(data?.schoolId)) throw BusException.validation([{ field: 'schoolId', message: 'must be a uuid' }]);
    return this.lifecycle.charges(ctx, data.schoolId.toLowerCase());
  }

  @Handles(GET_PURGE_CERTIFICATE)
  @Access(Allow.platform('billing:invoices'))
  certificate(@MsgData() data: { schoolId: string }): Promise<PurgeCertificateView> {
    if (!isUuid(data?.schoolId)) throw BusException.validation([{ field: 'schoolId', message: 'must be a uuid' }]);
    return this.lifecycle.certificate(data.schoolId.toLowerCase());
  }
}
