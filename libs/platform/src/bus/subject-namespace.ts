export const SUBJECT_NAMESPACE = Symbol('SUBJECT_NAMESPACE');

/**
 * Where a stack's subjects live on a NATS server. Production uses the contract subjects
 * as they are; a test run (NATS_NAMESPACE) prefixes them all, so that its gateway never
 * reaches another run's services, and its events stay in a stream of its own.
 */
export class SubjectNamespace {
  protected readonly prefix: string;

  constructor(readonly namespace = '') {
    if (namespace && !/^[a-z0-9_]{1,32}$/.test(namespace)) {
      throw new Error('NATS_NAMESPACE must be lower-case letters, digits and _');
    }
    this.prefix = namespace ? `${namespace}.` : '';
  }

  /** The subject on the wire for a contract subject (or a wildcard filter). */
  wire(subject: string): string {
    return `${this.prefix}${subject}`;
  }

  /** The contract subject of a message received on the wire. */
  canonical(wireSubject: string): string {
    return this.prefix && wireSubject.startsWith(this.prefix) ? wireSubject.slice(this.prefix.length) : wireSubject;
  }
}
