import { FindIdsRequest, isUuid, MAX_FIND_IDS, MessageContext, MessagePattern, SYSTEM_ACTOR } from '@pt/contracts';
import { BusClient } from './bus-client';
import { BusException } from './bus-exception';

/** The ids of a FindIdsRequest worth looking up: distinct UUIDs (anything else cannot be found), at most MAX_FIND_IDS. */
export function idsToFind(request: FindIdsRequest): string[] {
  if (!Array.isArray(request?.ids)) throw BusException.validation([{ field: 'ids', message: 'must be a list of ids' }]);
  if (request.ids.length > MAX_FIND_IDS) {
    throw BusException.validation([{ field: 'ids', message: `must hold at most ${MAX_FIND_IDS} ids` }]);
  }
  return [...new Set(request.ids.filter(isUuid).map((id) => id.toLowerCase()))];
}

/**
 * Asks the service that owns `ids` which of them the school `tenantId` has, as the system
 * (the asking service vouches for the question, whoever its own caller is), and returns
 * those it does not: empty when all are the school's. One request for all of them.
 */
export async function missingIds(
  bus: BusClient,
  pattern: MessagePattern<FindIdsRequest, { found: string[] }>,
  ctx: Pick<MessageContext, 'requestId' | 'ip'>,
  tenantId: string,
  ids: readonly string[],
): Promise<string[]> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return [];
  const { found } = await bus.request(
    pattern,
    { tenantId, actor: SYSTEM_ACTOR, requestId: ctx.requestId, ip: ctx.ip ?? null },
    { ids: wanted },
  );
  const known = new Set(found.map((id) => id.toLowerCase()));
  return wanted.filter((id) => !known.has(id.toLowerCase()));
}
