import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { BILLING_ERRORS, MaintenanceAccess, RECORD_GRACE_ACCESS, SYSTEM_ACTOR } from '@pt/contracts';
import { BusClient, BusException } from '@pt/platform';
import { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { MAINTENANCE_ACCESS } from '../maintenance/maintenance-access.decorator';
import { SchoolsInGrace } from './schools-in-grace';

const READING_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Writes a school in grace still makes: ending its own sessions and accepting a policy it must accept to read. */
const WRITES_ALLOWED_IN_GRACE = ['/api/v1/auth/', '/api/v1/me/policy-acceptances'];

/** Routes that read pupil data: each read by the school's staff in grace is charged (P26). */
const PUPIL_DATA = ['/api/v1/pupils', '/api/v1/pupil-', '/api/v1/assessment/', '/api/v1/rights-requests'];

/**
 * P25, P26: a school in grace (its subscription expired, its data kept for six months) may
 * read but change nothing, and each read of pupil data by its staff is a charge on its account.
 *
 * Why here: the gateway is the one way in for a school's staff, and every message a service
 * receives on their behalf is sent by it (services act on each other only as the system),
 * so one check here covers every write route of every service, today's and tomorrow's,
 * without each service keeping its own copy of billing's lifecycle. The set is cached as the
 * maintenance calendar is (no bus call per write), and the refusal is a 403 problem with the
 * code school.in_grace, before any service is asked. A write is what the maintenance gate
 * counts as one: any method but GET/HEAD/OPTIONS unless the route says it only reads.
 *
 * A charge is recorded with billing before the read is answered: if it cannot be, the read
 * fails (503 from the bus) rather than hand out pupil data without its charge. A session of a
 * purged school that outlived it (an access token not yet expired) is refused everything, so
 * nothing is written back after the purge.
 */
@Injectable()
export class GraceGate implements CanActivate {
  constructor(
    private readonly grace: SchoolsInGrace,
    private readonly bus: BusClient,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const principal = request.principal;
    if (principal && this.grace.purgedHas(principal.tenantId)) {
      throw BusException.forbidden(
        BILLING_ERRORS.SCHOOL_PURGED,
        "The school's data has been deleted from the platform",
      );
    }
    if (!principal || !this.grace.has(principal.tenantId)) return true;
    const path = request.url.split('?')[0];
    if (this.accessOf(context, request) === 'write') {
      if (WRITES_ALLOWED_IN_GRACE.some((prefix) => path.startsWith(prefix))) return true;
      throw BusException.forbidden(
        BILLING_ERRORS.SCHOOL_IN_GRACE,
        "The school's subscription has expired: its data can be read until it is purged, but not changed",
      );
    }
    // The platform's own support staff reading to help are not the school's access.
    if (principal.actorKind === 'staff' && PUPIL_DATA.some((prefix) => path.startsWith(prefix))) {
      await this.bus.request(
        RECORD_GRACE_ACCESS,
        { tenantId: principal.tenantId, actor: SYSTEM_ACTOR, requestId: randomUUID(), ip: null },
        // The route's template, never the ids in the URL.
        { schoolId: principal.tenantId!, resource: `${request.method} ${request.routeOptions?.url ?? path}` },
      );
    }
    return true;
  }

  private accessOf(context: ExecutionContext, request: FastifyRequest): MaintenanceAccess {
    const declared = this.reflector.getAllAndOverride<MaintenanceAccess | undefined>(MAINTENANCE_ACCESS, [
      context.getHandler(),
      context.getClass(),
    ]);
    return declared ?? (READING_METHODS.has(request.method) ? 'read' : 'write');
  }
}
