/**
 * A request/reply message pattern with its request and reply types attached, so that a
 * client and the handler import one constant and cannot drift apart.
 * Names follow `<service>.<concept>.<verb>`.
 */
export interface MessagePattern<Req, Res> {
  readonly subject: string;
  /** Phantom fields: carry the types only. */
  readonly __request?: Req;
  readonly __reply?: Res;
}

export type RequestOf<P> = P extends MessagePattern<infer Req, unknown> ? Req : never;
export type ReplyOf<P> = P extends MessagePattern<unknown, infer Res> ? Res : never;

const PATTERN_NAME = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*){2,}$/;

export function definePattern<Req, Res>(subject: string): MessagePattern<Req, Res> {
  if (!PATTERN_NAME.test(subject)) {
    throw new Error(`message pattern "${subject}" must read <service>.<concept>.<verb>`);
  }
  return Object.freeze({ subject });
}
