import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Clock, BusException } from '@pt/platform';
import { FastifyReply, FastifyRequest } from 'fastify';
import { MaintenanceCalendar } from './maintenance-calendar';

export const MAINTENANCE_HEADER = 'X-Maintenance-Window';

/**
 * P13, after authentication: users in a window's scope are warned on every response
 * from its first lead time (`X-Maintenance-Window: <id>; starts=<iso>; ends=<iso>`, one
 * per window, comma-separated), and from its start to its end their requests are refused
 * with 503, Retry-After and `maintenance.in_progress`. No bus call: the calendar is cached.
 */
@Injectable()
export class MaintenanceGate implements CanActivate {
  constructor(
    private readonly calendar: MaintenanceCalendar,
    private readonly clock: Clock,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const now = this.clock.nowMs();
    const { warnings, blocking } = this.calendar.standing(request.principal, now);
    if (!warnings.length) return true;
    // Set before any refusal, so the 503 (and any later error) carries it too.
    void http.getResponse<FastifyReply>().header(MAINTENANCE_HEADER, warnings.map((w) => w.header).join(', '));
    if (blocking) {
      throw BusException.unavailable(
        'maintenance.in_progress',
        'Maintenance is in progress; please try again when it ends',
        {
          windowId: blocking.id,
          endsAt: new Date(blocking.endsAt).toISOString(),
          retryAfterSeconds: Math.max(1, Math.ceil((blocking.endsAt - now) / 1000)),
        },
      );
    }
    return true;
  }
}
