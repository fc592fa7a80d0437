import { Controller } from '@nestjs/common';
import {
  BEGIN_IDEMPOTENT_REQUEST,
  COMPLETE_IDEMPOTENT_REQUEST,
  IDEMPOTENCY_KEY_HOURS,
  IdempotencyBegin,
  IdempotencyBeginRequest,
  IdempotencyHeldRef,
  IdempotencyKeyRef,
  IdempotentAnswer,
  RELEASE_IDEMPOTENT_REQUEST,
} from '@pt/contracts';
import { PLATFORM_SCOPE, UnitOfWork } from '@pt/persistence';
import { Access, Allow, BusException, Handles, MsgData } from '@pt/platform';
import { IdempotencyRecordRepository } from './idempotency-record.repository';

/** A lease no gateway may ask beyond: a key held longer than this by a dead gateway is refused too long. */
const MAX_LEASE_SECONDS = 600;

/** The gateway's Idempotency-Key records (system only: a person could read another's answers). */
@Controller()
export class IdempotencyController {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  @Handles(BEGIN_IDEMPOTENT_REQUEST)
  @Access(Allow.system())
  begin(@MsgData() data: IdempotencyBeginRequest): Promise<IdempotencyBegin> {
    checkRef(data);
    if (!Number.isInteger(data.leaseSeconds) || data.leaseSeconds < 1 || data.leaseSeconds > MAX_LEASE_SECONDS) {
      throw BusException.validation([{ field: 'leaseSeconds', message: `must be 1 to ${MAX_LEASE_SECONDS}` }]);
    }
    return this.unitOfWork.run(PLATFORM_SCOPE, (em) =>
      new IdempotencyRecordRepository(em).begin(data, IDEMPOTENCY_KEY_HOURS),
    );
  }

  @Handles(COMPLETE_IDEMPOTENT_REQUEST)
  @Access(Allow.system())
  async complete(@MsgData() data: IdempotencyHeldRef & { answer: IdempotentAnswer }): Promise<{ kept: boolean }> {
    checkRef(data);
    const kept = await this.unitOfWork.run(PLATFORM_SCOPE, (em) =>
      new IdempotencyRecordRepository(em).complete(data, data.answer),
    );
    return { kept };
  }

  @Handles(RELEASE_IDEMPOTENT_REQUEST)
  @Access(Allow.system())
  async release(@MsgData() data: IdempotencyHeldRef): Promise<{ released: boolean }> {
    checkRef(data);
    const released = await this.unitOfWork.run(PLATFORM_SCOPE, (em) =>
      new IdempotencyRecordRepository(em).release(data),
    );
    return { released };
  }
}

function checkRef(ref: IdempotencyKeyRef & { owner?: string }): void {
  for (const field of ['caller', 'keyHash', 'fingerprint', 'owner'] as const) {
    const value = ref?.[field];
    if (typeof value !== 'string' || !value || value.length > 200) {
      throw BusException.validation([{ field, message: 'must be a short string' }]);
    }
  }
}
