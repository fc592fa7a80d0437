import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import {
  EventEnvelope,
  GET_PUPIL_ATTRIBUTES,
  isUuid,
  MAX_FIND_IDS,
  PUPIL_ATTRIBUTE_FIELDS,
  PUPIL_CREATED,
  PUPIL_RESTRICTED,
  PUPIL_RESTRICTION_LIFTED,
  PUPIL_UPDATED,
  PUPILS_IMPORTED,
  SYSTEM_ACTOR,
} from '@pt/contracts';
import { BusClient, eventRoutes, EventConsumers } from '@pt/platform';
import { PupilPeriodRepository } from './pupil-period.repository';

/** Durable: what pupil-records changed while assessment was down is applied when it comes back. */
export const ASSESSMENT_PUPILS_CONSUMER = 'assessment-pupils';

type PupilEvent = EventEnvelope<{
  pupilId?: string;
  fields?: string[];
  /** PUPILS_IMPORTED: a batch's pupils in one event. */
  created?: string[];
  updated?: { pupilId: string; fields: string[] }[];
}>;

/**
 * The consumer's filter: one wildcard, since JetStream servers before 2.10 take one filter
 * subject only; the events of it not routed here (viewed, erased: see erasure/) are acked
 * and left alone.
 */
const PUPIL_EVENTS = 'evt.pupil-records.pupil.>';

/**
 * Keeps assessment's read model of pupils (pupil_period) from pupil-records' durable
 * events. Events carry ids only, so the pupils' attributes are asked of pupil-records, as
 * the system, in one request per batch of up to MAX_FIND_IDS pupils (an import of 20,000
 * pupils is 100 requests, not 20,000; it comes as one PUPILS_IMPORTED event per 1,000), and applied in one statement whose version check
 * makes replays and late events harmless: the answer is always the pupil's latest state.
 * A pupil erased before their event is handled is not in the answer and is skipped.
 */
@Injectable()
export class PupilEventsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: EventConsumers,
    private readonly bus: BusClient,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const one = (event: PupilEvent, em: EntityManager) => this.refresh([event], em);
    const routes = eventRoutes()
      .on(PUPIL_CREATED, one)
      .on(PUPIL_UPDATED, one)
      .on(PUPILS_IMPORTED, one)
      .on(PUPIL_RESTRICTED, one)
      .on(PUPIL_RESTRICTION_LIFTED, one);
    const routed = new Set(routes.subjects);
    await this.consumers.start({
      durable: ASSESSMENT_PUPILS_CONSUMER,
      subjects: [PUPIL_EVENTS],
      handle: (event, em) => (routed.has(event.subject) ? routes.handle(event, em) : Promise.resolve()),
      // A batch holds one school's events (the consumer groups by tenant).
      handleBatch: (events, em) =>
        this.refresh(
          (events as PupilEvent[]).filter((event) => routed.has(event.subject)),
          em,
        ),
      batchSize: MAX_FIND_IDS,
    });
  }

  private async refresh(events: PupilEvent[], em: EntityManager): Promise<void> {
    const tenantId = events[0]?.tenantId;
    if (!tenantId) return;
    const ids = [
      ...new Set(
        events
          .flatMap(pupilsConcerned)
          .filter(isUuid)
          .map((id) => id.toLowerCase()),
      ),
    ];
    const periods = new PupilPeriodRepository(em);
    for (let start = 0; start < ids.length; start += MAX_FIND_IDS) {
      const { pupils } = await this.bus.request(
        GET_PUPIL_ATTRIBUTES,
        { tenantId, actor: SYSTEM_ACTOR, requestId: events[0].requestId ?? events[0].id, ip: null },
        { ids: ids.slice(start, start + MAX_FIND_IDS) },
      );
      await periods.apply(tenantId, pupils);
    }
  }
}

/** The pupils an event may have changed for assessment: an import's batch names many, the other events one. */
function pupilsConcerned(event: PupilEvent): unknown[] {
  const data = event.data ?? {};
  if (event.subject === PUPILS_IMPORTED.subject) {
    return [
      ...(Array.isArray(data.created) ? data.created : []),
      ...(Array.isArray(data.updated) ? data.updated : [])
        .filter((item) => concernsAttributes(item?.fields))
        .map((item) => item?.pupilId),
    ];
  }
  if (event.subject === PUPIL_UPDATED.subject && !concernsAttributes(data.fields)) return [];
  return [data.pupilId];
}

/** An update that changed only names, contacts or attendance changes nothing assessment keeps. */
function concernsAttributes(fields: unknown): boolean {
  return !Array.isArray(fields) || fields.some((field) => PUPIL_ATTRIBUTE_FIELDS.includes(field));
}
