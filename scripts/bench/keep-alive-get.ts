import { Agent, request as httpRequest } from 'node:http';

/**
 * GETs on one kept-alive socket with a bearer credential, the body read whole: what the
 * list benches time, so that a connection's setup is not part of any measured request.
 */
export function keepAliveGet(
  baseUrl: string,
  bearer: string,
): (path: string) => Promise<{ status: number; body: string }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const { hostname, port } = new URL(baseUrl);
  return (path) =>
    new Promise((resolve, reject) => {
      const request = httpRequest(
        { agent, hostname, port, path, method: 'GET', headers: { authorization: `Bearer ${bearer}` } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          );
        },
      );
      request.on('error', reject);
      request.end();
    });
}
