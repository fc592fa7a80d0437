import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { BusException } from '@pt/platform';
import { FastifyRequest } from 'fastify';
import { messageContextOf } from '../http/request-context';
import { PendingPolicies } from './pending-policies';

/**
 * What a user may still do before accepting the current policy documents (P7): read
 * them, accept them, see who they are, and end their session.
 */
const ALLOWED_BEFORE_ACCEPTANCE: Array<[method: string, route: RegExp]> = [
  ['GET', /^\/api\/v1\/me$/],
  ['POST', /^\/api\/v1\/me\/policy-acceptances$/],
  ['GET', /^\/api\/v1\/policy-documents(\/[^/]+)?$/],
  ['POST', /^\/api\/v1\/auth\/(sign-out|sign-out-everywhere|refresh)$/],
  ['GET', /^\/api\/v1\/auth\/session$/],
  // Securing one's own account is never held back.
  ['POST', /^\/api\/v1\/me\/password$/],
];

@Injectable()
export class PolicyGate implements CanActivate {
  constructor(private readonly pending: PendingPolicies) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    // Public routes (no principal) are not gated: sign-in itself must work. The documents
    // are the school's terms with the platform: they bind school staff, not platform staff.
    if (request.principal?.actorKind !== 'staff') return true;
    const route = request.routeOptions?.url ?? request.url;
    if (ALLOWED_BEFORE_ACCEPTANCE.some(([method, pattern]) => method === request.method && pattern.test(route))) {
      return true;
    }
    const pending = await this.pending.of(messageContextOf(request));
    if (pending.length === 0) return true;
    throw BusException.forbidden('policy.acceptance_required', 'Read and accept the current policy documents first', {
      documents: pending,
    });
  }
}
