import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { TEST_CLOCK_SUBJECT, TestClockSetting } from '@pt/contracts';
import { NatsConnection, Subscription } from 'nats';
import { NATS_CONNECTION } from '../bus/nats-connection';
import { SUBJECT_NAMESPACE, SubjectNamespace } from '../bus/subject-namespace';
import { decodeJson, encodeJson } from '../bus/wire';
import { BaseConfig } from '../config/base.config';

export const CLOCK_PROCESS_NAME = Symbol('CLOCK_PROCESS_NAME');

/**
 * The time schedules are decided by (idle sessions, maintenance lead times, starts and
 * ends, the gateway's warnings). Real time, except under NODE_ENV=test, where end-to-end
 * tests move it (CLOCK_OFFSET_MS at start, then TEST_CLOCK_SUBJECT on the bus) instead of
 * waiting real minutes. Config validation refuses an offset outside tests, and the
 * subscription exists only in tests, so production time cannot be moved.
 */
@Injectable()
export class Clock implements OnApplicationBootstrap, OnModuleDestroy {
  private offsetMs: number;
  private subscription?: Subscription;

  constructor(
    private readonly config: BaseConfig,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(SUBJECT_NAMESPACE) private readonly subjects: SubjectNamespace,
    @Inject(CLOCK_PROCESS_NAME) private readonly processName: string,
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
        if (msg.reply) msg.respond(encodeJson({ process: this.processName, offsetMs: this.offsetMs }));
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
