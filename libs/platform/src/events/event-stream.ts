import { DiscardPolicy, JetStreamManager, nanos, RetentionPolicy, StorageType, StreamConfig } from 'nats';
import { EventNamespace } from './event-namespace';

export interface EventStreamSettings {
  namespace: EventNamespace;
  /** How long events stay in the stream (consumers that are down longer lose them). */
  maxAgeHours: number;
  /** Replicas in a JetStream cluster; 1 on a single server. */
  replicas: number;
}

/** How long JetStream remembers a Nats-Msg-Id to drop a republished event. */
export const DUPLICATE_WINDOW_MS = 2 * 60 * 1000;

/** Creates the events stream, or brings its settings up to date; safe for replicas at once. */
export async function ensureEventStream(jsm: JetStreamManager, settings: EventStreamSettings): Promise<void> {
  const wanted: Partial<StreamConfig> = {
    name: settings.namespace.stream,
    subjects: settings.namespace.streamSubjects,
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos(settings.maxAgeHours * 3600 * 1000),
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    num_replicas: settings.replicas,
  };
  try {
    const info = await jsm.streams.info(wanted.name!);
    const current = info.config;
    if (
      current.max_age !== wanted.max_age ||
      current.duplicate_window !== wanted.duplicate_window ||
      current.subjects.join() !== wanted.subjects!.join()
    ) {
      await jsm.streams.update(wanted.name!, wanted);
    }
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      await jsm.streams.add(wanted);
    } catch (addError) {
      // Another replica created it first; fine if it now exists.
      await jsm.streams.info(wanted.name!).catch(() => {
        throw addError;
      });
    }
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { code?: string; api_error?: { err_code?: number } };
  return e?.api_error?.err_code === 10059 || e?.code === '404';
}
