import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Actor, IdempotentDeliveryRef, MessageContext } from '@pt/contracts';
import { createHash } from 'node:crypto';
import { FastifyRequest } from 'fastify';

/** Who the verified access token belongs to; set by the authentication guard. */
export interface Principal {
  userId: string;
  sessionId: string;
  tenantId: string | null;
  actorKind: Actor['kind'];
  roles: string[];
  permissions: string[];
  classGroupIds: string[] | null;
  supportGrantId?: string;
  /** Set when a finance API key authenticated the request (P28): userId is then the key's id, with no session. */
  apiKeyId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

const ANONYMOUS: Actor = { id: null, kind: 'anonymous', roles: [] };

/** The `ctx` envelope for every bus message sent on behalf of this request. */
export function messageContextOf(request: FastifyRequest): MessageContext {
  const principal = request.principal;
  const actor: Actor = principal
    ? {
        id: principal.userId,
        kind: principal.actorKind,
        roles: principal.roles,
        permissions: principal.permissions,
        classGroupIds: principal.classGroupIds,
        ...(principal.supportGrantId ? { supportGrantId: principal.supportGrantId } : {}),
      }
    : ANONYMOUS;
  const ctx: MessageContext = {
    tenantId: principal?.tenantId ?? null,
    actor,
    requestId: request.id,
    ip: request.ip ?? null,
  };
  // A write run under an Idempotency-Key: the service records its reply with the write and
  // replays it to a retry that another gateway runs after this one's lease (never applied twice).
  const held = request.idempotency;
  if (held && !held.replay) ctx.idempotency = idempotentDeliveryRefOf(held.ref);
  return ctx;
}

function idempotentDeliveryRefOf(ref: { caller: string; keyHash: string; fingerprint: string }): IdempotentDeliveryRef {
  return {
    key: createHash('sha256').update(`${ref.caller}\n${ref.keyHash}`).digest('base64url'),
    fingerprint: ref.fingerprint,
  };
}

/** Injects the request's MessageContext into a controller method. */
export const RequestCtx = createParamDecorator((_: unknown, host: ExecutionContext) =>
  messageContextOf(host.switchToHttp().getRequest<FastifyRequest>()),
);
