import { createServer, Server } from 'node:http';
import { metricsRegistry } from '../metrics/platform-metrics';

/** What a replica's readiness depends on: each check says whether that part is up now. */
export type ReadinessChecks = Record<string, () => Promise<boolean> | boolean>;

/** A check that has not answered by then counts as down: a probe must not hang on a dead pool. */
const CHECK_TIMEOUT_MS = 2000;

export interface ReadinessReport {
  status: 'up' | 'down';
  checks: Record<string, 'up' | 'down'>;
  down: string[];
}

/** Runs every check at once; a check that throws or outlasts the timeout is down. */
export async function readiness(checks: ReadinessChecks, timeoutMs = CHECK_TIMEOUT_MS): Promise<ReadinessReport> {
  const names = Object.keys(checks);
  const results = await Promise.all(
    names.map(async (name) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
      try {
        return await Promise.race([Promise.resolve().then(checks[name]), late]);
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const report: ReadinessReport = { status: 'up', checks: {}, down: [] };
  names.forEach((name, i) => {
    report.checks[name] = results[i] ? 'up' : 'down';
    if (!results[i]) report.down.push(name);
  });
  if (report.down.length) report.status = 'down';
  return report;
}

/**
 * A bus service's only HTTP: its Prometheus metrics and the probes an orchestrator asks
 * each replica (services are reached over NATS, so the gateway's /health/ready, which asks
 * one replica of each, cannot tell a scheduler which replica is stuck).
 * - `/health/live`: the process answers (its event loop turns); a restart is the cure otherwise.
 * - `/health/ready`: every readiness check passes (its database answers, its bus link is up);
 *   otherwise 503, and the replica is taken out of rotation without being restarted.
 */
export function serveOperations(port: number, checks: ReadinessChecks): Server {
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/metrics') {
      res.setHeader('Content-Type', metricsRegistry.contentType);
      res.end(await metricsRegistry.metrics());
    } else if (path === '/health/live') {
      sendJson(res, 200, { status: 'up' });
    } else if (path === '/health/ready') {
      const report = await readiness(checks);
      if (report.status === 'down') res.setHeader('Retry-After', '5');
      sendJson(res, report.status === 'up' ? 200 : 503, report);
    } else {
      res.writeHead(404).end();
    }
  });
  server.listen(port);
  return server;
}

function sendJson(res: import('node:http').ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}
