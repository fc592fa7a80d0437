import { Agent, request as httpRequest } from 'node:http';

/** Percentiles of a set of samples in milliseconds. */
export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

export function summarise(samplesMs: number[]): LatencySummary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    n: sorted.length,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    mean: round(sorted.reduce((s, x) => s + x, 0) / sorted.length),
  };
}

/** Runs `op` sequentially: `warmup` times unmeasured, then `n` times measured. */
export async function measure(n: number, warmup: number, op: () => Promise<unknown>): Promise<LatencySummary> {
  for (let i = 0; i < warmup; i++) await op();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = process.hrtime.bigint();
    await op();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return summarise(samples);
}

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
