/** Canonical textual UUID (any version); ids that reach SQL are checked with this first. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A service asking the service that owns some ids which of them belong to the school in
 * ctx (e.g. identity checking a new user's class groups with pupil-records), so that an id
 * of another school is refused rather than stored. Answered in the school's tenant scope:
 * another school's ids, like unknown ones, are simply not in `found`.
 */
export interface FindIdsRequest {
  ids: string[];
}
export interface FoundIds {
  found: string[];
}
/** At most this many ids per question (a user's class groups, a request's subjects). */
export const MAX_FIND_IDS = 200;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
