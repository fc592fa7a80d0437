import { BusException } from './bus-exception';

/** Optimistic concurrency: a change made against an older version is refused (412). */
export function checkVersion(current: number, expected: number | null | undefined): void {
  if (expected !== undefined && expected !== null && expected !== current) {
    throw BusException.preconditionFailed(
      'stale_version',
      'The resource was changed by someone else; reload it and try again',
    );
  }
}
