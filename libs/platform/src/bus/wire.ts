import { BusErrorBody } from '@pt/contracts';

/** The reply of every request handler on the bus. */
export type BusReply<T> = { ok: true; data: T } | { ok: false; error: BusErrorBody };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value ?? null));
}

export function decodeJson<T>(data: Uint8Array): T {
  return JSON.parse(decoder.decode(data)) as T;
}
