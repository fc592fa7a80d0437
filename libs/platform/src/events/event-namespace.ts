import { EVENT_SUBJECT_PREFIX, EVENTS_STREAM } from '@pt/contracts';

export const EVENT_NAMESPACE = Symbol('EVENT_NAMESPACE');

/**
 * Where durable events live on the server. Production uses the stream EVENTS over
 * `evt.>`. A test run sets a namespace so that its stream and subjects are its own and it
 * never sees (or replays) events of the developer's running stack or of earlier runs.
 */
export class EventNamespace {
  readonly stream: string;
  private readonly prefix: string;

  constructor(namespace = '') {
    if (namespace && !/^[a-z0-9_]{1,32}$/.test(namespace)) {
      throw new Error('EVENTS_NAMESPACE must be lower-case letters, digits and _');
    }
    this.prefix = namespace ? `${namespace}.` : '';
    this.stream = namespace ? `${EVENTS_STREAM}_${namespace.toUpperCase()}` : EVENTS_STREAM;
  }

  /** Subjects the stream captures. */
  get streamSubjects(): string[] {
    return [`${this.prefix}${EVENT_SUBJECT_PREFIX}>`];
  }

  /** The subject on the wire for a contract subject (`evt.x.y.z`, or a filter like `evt.>`). */
  wire(subject: string): string {
    return `${this.prefix}${subject}`;
  }

  /** The contract subject of a message received on the wire. */
  canonical(wireSubject: string): string {
    return this.prefix && wireSubject.startsWith(this.prefix) ? wireSubject.slice(this.prefix.length) : wireSubject;
  }
}
