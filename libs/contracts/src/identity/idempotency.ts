import { definePattern } from '../pattern';

/**
 * The gateway's Idempotency-Key records (IETF draft-ietf-httpapi-idempotency-key-header):
 * every write may carry a key; the first answer is kept 24 hours and replayed to a retry
 * with the same request. Kept by identity for every gateway replica (the gateway has no
 * database); system-only patterns, sent by the gateway alone.
 */
export interface IdempotencyKeyRef {
  /** Whose key (kind, id and school of the caller): one caller never sees another's answer. */
  caller: string;
  /** SHA-256 (base64url) of the key as sent: keys are the client's text, stored only hashed. */
  keyHash: string;
  /** SHA-256 of method, path and body: the same key with another request is refused. */
  fingerprint: string;
}

/** Taking a key: whose the in-flight record is, and for how long no other gateway may take it over. */
export interface IdempotencyBeginRequest extends IdempotencyKeyRef {
  /** The gateway instance that runs the request (one id per process). */
  owner: string;
  /**
   * The lease: a little beyond the gateway's bus timeout, so a live first attempt has
   * answered or failed before it ends. After it a retry may run the request again: the
   * service replays its recorded reply (ctx.idempotency), so nothing is applied twice.
   */
  leaseSeconds: number;
}

/** Completing or releasing: only the gateway instance that holds the lease may. */
export interface IdempotencyHeldRef extends IdempotencyKeyRef {
  owner: string;
}

export interface IdempotentAnswer {
  status: number;
  /** Only the headers that describe the answer (content-type, location, etag). */
  headers: Record<string, string>;
  body: string;
}

export type IdempotencyBegin =
  /** The first request with this key (or the first since its record expired): go ahead, then complete or release. */
  | { outcome: 'proceed' }
  | { outcome: 'replay'; answer: IdempotentAnswer }
  | { outcome: 'reused' }
  | { outcome: 'in_flight' };

export const BEGIN_IDEMPOTENT_REQUEST = definePattern<IdempotencyBeginRequest, IdempotencyBegin>(
  'identity.idempotency.begin',
);
export const COMPLETE_IDEMPOTENT_REQUEST = definePattern<
  IdempotencyHeldRef & { answer: IdempotentAnswer },
  { kept: boolean }
>('identity.idempotency.complete');
/** Nothing was done that a retry must not repeat (validation refused it, no service answered): the key is free again. */
export const RELEASE_IDEMPOTENT_REQUEST = definePattern<IdempotencyHeldRef, { released: boolean }>(
  'identity.idempotency.release',
);

/** How long an answer is replayed (the draft's servers publish this; Stripe keeps 24 hours too). */
export const IDEMPOTENCY_KEY_HOURS = 24;
