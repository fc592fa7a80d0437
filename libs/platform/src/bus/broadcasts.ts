import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Broadcast } from '@pt/contracts';
import { NatsConnection, Subscription } from 'nats';
import { Logger } from 'pino';
import { PLATFORM_LOGGER } from '../logging/platform-logger';
import { describeError } from '../logging/safe-error';
import { NATS_CONNECTION } from './nats-connection';
import { SUBJECT_NAMESPACE, SubjectNamespace } from './subject-namespace';
import { decodeJson, encodeJson } from './wire';

/** What a hearer does with a broadcast; its return value answers a publisher that asked. */
export type BroadcastHandler<T, Reply> = (data: T) => Reply | void;

export interface BroadcastSubscription {
  unsubscribe(): void;
}

const EMPTY = new Uint8Array(0);

/**
 * Publishing and hearing broadcasts (`defineBroadcast<T>` in libs/contracts) on this
 * process's NATS connection, in its namespace, typed by the constant. Subscriptions end
 * at shutdown, before NATS drains. A broadcast without a payload travels empty, as the
 * hand-written ones did, so replicas of either vintage understand each other.
 */
@Injectable()
export class Broadcasts implements OnModuleDestroy {
  private readonly subscriptions = new Set<Subscription>();

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(SUBJECT_NAMESPACE) private readonly subjects: SubjectNamespace,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {}

  publish<T>(broadcast: Broadcast<T, unknown>, ...data: T extends void ? [] : [T]): void {
    this.nc.publish(this.subjects.wire(broadcast.subject), data.length ? encodeJson(data[0]) : EMPTY);
  }

  subscribe<T, Reply>(broadcast: Broadcast<T, Reply>, handler: BroadcastHandler<T, Reply>): BroadcastSubscription {
    const subscription = this.nc.subscribe(this.subjects.wire(broadcast.subject), {
      callback: (err, msg) => {
        if (err) return;
        try {
          const data = (msg.data.length ? decodeJson<T>(msg.data) : undefined) as T;
          const reply = handler(data);
          if (msg.reply && reply !== undefined) msg.respond(encodeJson(reply));
        } catch (error) {
          // One malformed broadcast must not take the subscription (or the process) down.
          this.logger.warn({ broadcast: broadcast.subject, err: describeError(error) }, 'broadcast not handled');
        }
      },
    });
    this.subscriptions.add(subscription);
    return {
      unsubscribe: () => {
        this.subscriptions.delete(subscription);
        subscription.unsubscribe();
      },
    };
  }

  onModuleDestroy(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    this.subscriptions.clear();
  }
}
