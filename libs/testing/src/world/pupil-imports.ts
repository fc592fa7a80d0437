import { PupilImportView } from '@pt/contracts';
import { Caller } from './gateway-client';
import { World } from './world';

/** Polls an import job through the gateway until it is completed or failed. */
export async function waitForImport(
  world: World,
  by: Caller,
  importId: string,
  timeoutMs = 60_000,
): Promise<PupilImportView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reply = await world.call<PupilImportView>(by, 'GET', `/api/v1/pupil-imports/${importId}`);
    if (reply.status !== 200) throw new Error(`import status answered ${reply.status}`);
    if (reply.body.status === 'completed' || reply.body.status === 'failed') return reply.body;
    if (Date.now() > deadline) throw new Error(`import ${importId} still ${reply.body.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
