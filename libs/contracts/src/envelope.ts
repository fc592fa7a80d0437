/**
 * Who is acting. Built by the gateway from the verified access token (or by a system
 * job) and carried in every message, so that services never trust a tenant id taken
 * from a payload.
 */
export type ActorKind = 'staff' | 'platform' | 'system' | 'anonymous';

export interface Actor {
  id: string | null;
  kind: ActorKind;
  roles: string[];
  /** Resolved from the roles (built-in and the school's custom ones) when the token was issued. */
  permissions?: string[];
  /** A teacher limited to class groups sees only their pupils; null or absent: not limited. */
  classGroupIds?: string[] | null;
  /** Set when a platform support user acts inside a school under that school's consent (P12). */
  supportGrantId?: string;
}

export interface MessageContext {
  /** The school; null for platform-level work. */
  tenantId: string | null;
  actor: Actor;
  requestId: string;
  ip: string | null;
  /**
   * Set by the gateway on the messages of a write that carries an Idempotency-Key, so the
   * service records its reply with the write and replays it to a retry (never applying twice).
   */
  idempotency?: IdempotentDeliveryRef;
}

export interface IdempotentDeliveryRef {
  /** SHA-256 of the caller and the key: no key text or personal data crosses the bus. */
  key: string;
  /** SHA-256 of method, path and body, as the gateway's record: another request with the key is 422. */
  fingerprint: string;
}

/** What crosses the bus for every request: the context and the typed payload. */
export interface BusRequest<T> {
  ctx: MessageContext;
  data: T;
}

export const SYSTEM_ACTOR: Actor = Object.freeze({ id: null, kind: 'system', roles: [] }) as Actor;
