/**
 * A core-NATS broadcast: every subscribed process hears it (no queue group), nobody
 * waits for it and nothing keeps it. For caches that must forget at once on every
 * replica (revoked sessions, a rotated key); a lost one only delays the effect until the
 * cache's own refresh. `Reply` is for the rare broadcast that asks every hearer to answer
 * (the test clock); publishers that do not ask get no replies.
 */
export interface Broadcast<T = void, Reply = void> {
  readonly subject: string;
  /** Phantom fields: carry the types only. */
  readonly __payload?: T;
  readonly __reply?: Reply;
}

export type BroadcastPayloadOf<B> = B extends Broadcast<infer T, unknown> ? T : never;

const BROADCAST_NAME = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*){2,}$/;

export function defineBroadcast<T = void, Reply = void>(subject: string): Broadcast<T, Reply> {
  if (!BROADCAST_NAME.test(subject)) {
    throw new Error(`broadcast "${subject}" must read <service>.<concept>.<what happened>`);
  }
  return Object.freeze({ subject });
}
