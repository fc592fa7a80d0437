import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { TEST_CLOCK_SUBJECT, TestClockSetting } from '@pt/contracts';
import { decodeJson, encodeJson, NATS_CONNECTION, SUBJECT_NAMESPACE, SubjectNamespace } from '@pt/platform';
import { NatsConnection, Subscription } from 'nats';
import { IdentityConfig } from '../identity.config';

/**
 * The time every P13 decision is made by (idle sessions, maintenance lead times, starts
 * and ends). Real time, except under NODE_ENV=test, where end-to-end tests move it
 * (CLOCK_OFFSET_MS at start, then TEST_CLOCK_SUBJECT on the bus) instead of waiting real
 * minutes. Config validation refuses an offset outside tests, and the subscription
 * exists only in tests, so production cannot be moved.
 */
@Injectable()
export class Clock implements OnApplicationBootstrap, OnModuleDestroy {
  private offsetMs: number;
  private subscription?: Subscription;

  constructor(
    private readonly config: IdentityConfig,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(SUBJECT_NAMESPACE) private readonly subjects: SubjectNamespace,
  ) {
    this.offsetMs = config.NODE_ENV === 'test' ? config.CLOCK_OFFSET_MS : 0;
  }

  onApplicationBootstrap(): void {
    if (this.config.NODE_ENV !== 'test') return;
    this.subscription = this.nc.subscribe(this.subjects.wire(TEST_CLOCK_SUBJECT), {
      callback: (err, msg) => {
        if (err) return;
        const { offsetMs } = decodeJson<TestClockSetting>(msg.data);
        if (Number.isSafeInteger(offsetMs)) this.offsetMs = offsetMs;
        if (msg.reply) msg.respond(encodeJson({ process: 'identity', offsetMs: this.offsetMs }));
      },
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  now(): Date {
    return new Date(this.nowMs());
  }
}
