import { ServiceName } from './services';

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

/**
 * Every pattern defined so far, by subject: the contracts define theirs when loaded (the
 * ones every service answers, for every service), so a test can list all the requests a
 * service takes without writing them out again.
 */
const DEFINED = new Map<string, MessagePattern<unknown, unknown>>();

export function definePattern<Req, Res>(subject: string): MessagePattern<Req, Res> {
  if (!PATTERN_NAME.test(subject)) {
    throw new Error(`message pattern "${subject}" must read <service>.<concept>.<verb>`);
  }
  const known = DEFINED.get(subject);
  if (known) return known as MessagePattern<Req, Res>;
  const pattern = Object.freeze({ subject });
  DEFINED.set(subject, pattern);
  return pattern;
}

/** Every request pattern defined (those of libs/contracts once `@pt/contracts` is loaded), by subject. */
export function definedRequestPatterns(): MessagePattern<unknown, unknown>[] {
  return [...DEFINED.values()].sort((a, b) => a.subject.localeCompare(b.subject));
}

/** The request patterns a service answers: those whose subject starts with its name. */
export function requestPatternsOf(service: ServiceName): MessagePattern<unknown, unknown>[] {
  return definedRequestPatterns().filter((pattern) => pattern.subject.startsWith(`${service}.`));
}
