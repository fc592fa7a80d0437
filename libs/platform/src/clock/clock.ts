import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { TEST_CLOCK_BROADCAST } from '@pt/contracts';
import { Broadcasts, BroadcastSubscription } from '../bus/broadcasts';
import { BaseConfig } from '../config/base.config';

export const CLOCK_PROCESS_NAME = Symbol('CLOCK_PROCESS_NAME');

/**
 * The time schedules are decided by (idle sessions, maintenance lead times, starts and
 * ends, the gateway's warnings). Real time, except under NODE_ENV=test, where end-to-end
 * tests move it (CLOCK_OFFSET_MS at start, then TEST_CLOCK_BROADCAST on the bus) instead of
 * waiting real minutes. Config validation refuses an offset outside tests, and the
 * subscription exists only in tests, so production time cannot be moved.
 */
@Injectable()
export class Clock implements OnApplicationBootstrap, OnModuleDestroy {
  private offsetMs: number;
  private subscription?: BroadcastSubscription;

  constructor(
    private readonly config: BaseConfig,
    private readonly broadcasts: Broadcasts,
    @Inject(CLOCK_PROCESS_NAME) private readonly processName: string,
  ) {
    this.offsetMs = config.NODE_ENV === 'test' ? config.CLOCK_OFFSET_MS : 0;
  }

  onApplicationBootstrap(): void {
    if (this.config.NODE_ENV !== 'test') return;
    this.subscription = this.broadcasts.subscribe(TEST_CLOCK_BROADCAST, ({ offsetMs }) => {
      if (Number.isSafeInteger(offsetMs)) this.offsetMs = offsetMs;
      return { process: this.processName, offsetMs: this.offsetMs };
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
