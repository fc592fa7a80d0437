import { EVENT_SUBJECT_PREFIX, EVENTS_STREAM } from '@pt/contracts';
import { SubjectNamespace } from '../bus/subject-namespace';

export const EVENT_NAMESPACE = Symbol('EVENT_NAMESPACE');

/** The events stream of a namespace: EVENTS over `evt.>` in production. */
export class EventNamespace extends SubjectNamespace {
  readonly stream: string;

  constructor(namespace = '') {
    super(namespace);
    this.stream = namespace ? `${EVENTS_STREAM}_${namespace.toUpperCase()}` : EVENTS_STREAM;
  }

  /** Subjects the stream captures. */
  get streamSubjects(): string[] {
    return [this.wire(`${EVENT_SUBJECT_PREFIX}>`)];
  }
}
