import { AddressInfo } from 'node:net';
import { Server } from 'node:http';
import { readiness, serveOperations } from './operations-server';

describe('readiness', () => {
  it('is up only when every check passes, and names each check that is down', async () => {
    const report = await readiness({ database: () => true, bus: async () => false });
    expect(report).toEqual({ status: 'down', checks: { database: 'up', bus: 'down' }, down: ['bus'] });
    expect((await readiness({ database: async () => true })).status).toBe('up');
  });

  it('counts a check that throws as down rather than failing the probe', async () => {
    const report = await readiness({
      database: async () => {
        throw new Error('connection refused');
      },
    });
    expect(report.down).toEqual(['database']);
  });

  it('counts a check that does not answer in time as down (a dead pool must not hang the probe)', async () => {
    const started = Date.now();
    const report = await readiness({ database: () => new Promise<boolean>(() => undefined) }, 50);
    expect(report.down).toEqual(['database']);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('a bus service’s operations HTTP', () => {
  let sut: Server;
  let up = true;
  let base: string;

  beforeAll(async () => {
    sut = serveOperations(0, { bus: () => up });
    await new Promise((resolve) => sut.once('listening', resolve));
    base = `http://127.0.0.1:${(sut.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((resolve) => sut.close(resolve)));

  it('answers /health/live while the process runs, whatever its dependencies', async () => {
    up = false;
    const response = await fetch(`${base}/health/live`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'up' });
  });

  it('answers /health/ready 503 with Retry-After and what is down, and 200 once it is back', async () => {
    up = false;
    const down = await fetch(`${base}/health/ready`);
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    expect(down.headers.get('cache-control')).toBe('no-store');
    expect(await down.json()).toEqual({ status: 'down', checks: { bus: 'down' }, down: ['bus'] });
    up = true;
    const ready = await fetch(`${base}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'up', checks: { bus: 'up' }, down: [] });
  });

  it('serves Prometheus metrics, refuses other methods and knows no other path', async () => {
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect((await fetch(`${base}/health/ready`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${base}/anything`)).status).toBe(404);
  });
});
