import { randomFillSync } from 'node:crypto';

/** Random bytes are drawn from a pool refilled 256 ids at a time: one system call per id cost more than the rest of the id. */
const POOL_BYTES = 16 * 256;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let poolOffset = POOL_BYTES;

function randomInto(target: Buffer): Buffer {
  if (poolOffset + target.length > POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  pool.copy(target, 0, poolOffset, poolOffset + target.length);
  poolOffset += target.length;
  return target;
}

let lastMs = 0;
let counter = 0;

/**
 * A time-ordered UUID (RFC 9562 version 7) with a 12-bit counter within the same
 * millisecond, so that ids made by one process sort in the order they were made. The
 * outbox relies on this to publish a service's events in the order they happened.
 */
export function uuid7(now: number = Date.now()): string {
  if (now > lastMs) {
    lastMs = now;
    counter = randomInto(Buffer.allocUnsafe(2)).readUInt16BE(0) & 0x3ff; // leave room to count up
  } else {
    counter++;
    if (counter > 0xfff) {
      // More than 4096 ids in one millisecond: borrow the next millisecond.
      lastMs++;
      counter = 0;
    }
  }
  const ms = lastMs;
  const bytes = randomInto(Buffer.allocUnsafe(16));
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | ((counter >> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
