import { Controller } from '@nestjs/common';
import {
  BEGIN_IDEMPOTENT_REQUEST,
  COMPLETE_IDEMPOTENT_REQUEST,
  IDEMPOTENCY_KEY_HOURS,
  IdempotencyBegin,
  IdempotencyKeyRef,
  IdempotentAnswer,
  RELEASE_IDEMPOTENT_REQUEST,
} from '@pt/contracts';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { Access, Allow, BusException, Handles, MsgData } from '@pt/platform';
import { IdempotencyRecordRepository } from './idempotency-record.repository';

/**
 * A request whose gateway stopped before it answered holds its key this long, then the key
 * may be used again: longer than any request the gateway waits for (its bus timeouts are
 * seconds), short enough that a client's retry after a crash is not refused for long.
 */
const IN_FLIGHT_LEASE_SECONDS = 120;

/** The gateway's Idempotency-Key records (system only: a person could read another's answers). */
@Controller()
export class IdempotencyController {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  @Handles(BEGIN_IDEMPOTENT_REQUEST)
  @Access(Allow.system())
  begin(@MsgData() data: IdempotencyKeyRef): Promise<IdempotencyBegin> {
    checkRef(data);
    return this.unitOfWork.run(PLATFORM_SCOPE, (em) =>
      new IdempotencyRecordRepository(em).begin(data, IDEMPOTENCY_KEY_HOURS, IN_FLIGHT_LEASE_SECONDS),
    );
  }

  @Handles(COMPLETE_IDEMPOTENT_REQUEST)
  @Access(Allow.system())
  async complete(@MsgData() data: IdempotencyKeyRef & { answer: IdempotentAnswer }): Promise<{ kept: boolean }> {
    checkRef(data);
    const kept = await this.unitOfWork.run(PLATFORM_SCOPE, (em) =>
      new IdempotencyRecordRepository(em).complete(data, data.answer),
    );
    return { kept };
  }

  @Handles(RELEASE_IDEMPOTENT_REQUEST)
  @Access(Allow.system())
  async release(@MsgData() data: IdempotencyKeyRef): Promise<{ released: boolean }> {
    checkRef(data);
    const released = await this.unitOfWork.run(PLATFORM_SCOPE, (em) =>
      new IdempotencyRecordRepository(em).release(data),
    );
    return { released };
  }
}

function checkRef(ref: IdempotencyKeyRef): void {
  for (const field of ['caller', 'keyHash', 'fingerprint'] as const) {
    const value = ref?.[field];
    if (typeof value !== 'string' || !value || value.length > 200) {
      throw BusException.validation([{ field, message: 'must be a short string' }]);
    }
  }
}
