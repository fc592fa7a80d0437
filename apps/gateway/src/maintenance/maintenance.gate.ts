import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { MaintenanceAccess } from '@pt/contracts';
import { Clock, BusException } from '@pt/platform';
import { FastifyReply, FastifyRequest } from 'fastify';
import { MAINTENANCE_ACCESS } from './maintenance-access.decorator';
import { MaintenanceCalendar } from './maintenance-calendar';

export const MAINTENANCE_HEADER = 'X-Maintenance-Window';

const READING_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * P13, after authentication: users in a window's scope are warned on every response
 * from its first lead time (`X-Maintenance-Window: <id>; starts=<iso>; ends=<iso>; mode=<mode>`,
 * one per window, comma-separated), and from its start to its end an offline window
 * refuses their requests (503 `maintenance.in_progress`) and a read-only one their writes
 * (503 `maintenance.read_only`), both with Retry-After until the end. No bus call: the
 * calendar is cached.
 */
@Injectable()
export class MaintenanceGate implements CanActivate {
  constructor(
    private readonly calendar: MaintenanceCalendar,
    private readonly clock: Clock,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const now = this.clock.nowMs();
    const { warnings, blocking } = this.calendar.standing(request.principal, now, this.accessOf(context, request));
    if (!warnings.length) return true;
    // Set before any refusal, so the 503 (and any later error) carries it too.
    void http.getResponse<FastifyReply>().header(MAINTENANCE_HEADER, warnings.map((w) => w.header).join(', '));
    if (blocking) {
      const details = {
        windowId: blocking.id,
        endsAt: new Date(blocking.endsAt).toISOString(),
        retryAfterSeconds: Math.max(1, Math.ceil((blocking.endsAt - now) / 1000)),
      };
      throw blocking.mode === 'read-only'
        ? BusException.unavailable(
            'maintenance.read_only',
            'Maintenance is in progress: reading works, changes are refused until it ends',
            details,
          )
        : BusException.unavailable(
            'maintenance.in_progress',
            'Maintenance is in progress; please try again when it ends',
            details,
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
