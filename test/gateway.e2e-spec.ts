import { World } from '@pt/testing';

describe('Gateway and services as processes on real Postgres and NATS', () => {
  let world: World;

  beforeAll(async () => {
    world = await World.start({ label: 'gateway', admin: false, envFor: { identity: { LOG_LEVEL: 'debug' } } });
  }, 90_000);

  afterAll(async () => {
    await world?.stop();
  });

  describe('health', () => {
    it('is live', async () => {
      const response = await fetch(`${world.baseUrl}/health/live`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
    });

    it('is ready when all five services answer over NATS, and lists them as up', async () => {
      const response = await fetch(`${world.baseUrl}/health/ready`);
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        status: 'ok',
        services: { identity: 'up', 'pupil-records': 'up', assessment: 'up', billing: 'up', audit: 'up' },
      });
    });

    it('answers 503 naming a stopped service within 2 seconds, and recovers when it returns', async () => {
      expect(await world.stack.stopProcess('audit')).toBe(0);
      const stoppedAt = Date.now();
      let body = await world.stack.readiness();
      while (body.status !== 503 && Date.now() - stoppedAt < 2000) body = await world.stack.readiness();
      expect(Date.now() - stoppedAt).toBeLessThan(2000);
      expect(body).toMatchObject({ status: 503, down: ['audit'], services: { audit: 'down', identity: 'up' } });

      await world.stack.startProcess('audit');
      expect((await world.stack.readiness()).status).toBe(200);
    }, 60_000);
  });

  describe('errors are problem+json', () => {
    it('answers an unknown route with 404 problem+json', async () => {
      const response = await fetch(`${world.baseUrl}/api/v1/no-such-thing?x=1`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({
        status: 404,
        code: 'route.not_found',
        title: 'Not Found',
        type: expect.stringContaining('route.not_found'),
        detail: 'No route GET /api/v1/no-such-thing',
      });
    });
  });

  describe('request ids', () => {
    it("keeps a caller's request id, returns it, and carries it into the services' logs", async () => {
      const requestId = 'e2e-trace-7f3a9c01';
      const response = await fetch(`${world.baseUrl}/health/ready`, { headers: { 'x-request-id': requestId } });
      expect(response.headers.get('x-request-id')).toBe(requestId);
      await world.until(
        async () =>
          world.stack.logsOf('identity').some((line) => line.requestId === requestId && line.msg === 'message handled'),
        3000,
      );
    });

    it('makes one when the caller sends none or an unusable one', async () => {
      const none = await fetch(`${world.baseUrl}/health/live`);
      expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const unusable = await fetch(`${world.baseUrl}/health/live`, {
        headers: { 'x-request-id': 'has spaces <script>' },
      });
      expect(unusable.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('security headers, metrics and docs', () => {
    it('sends security headers and no-store on the API', async () => {
      const response = await fetch(`${world.baseUrl}/api/v1/anything`);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('strict-transport-security')).toContain('max-age=');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('cache-control')).toBe('no-store');
    });

    it('exposes Prometheus metrics labelled by route pattern', async () => {
      await fetch(`${world.baseUrl}/health/live`);
      const text = await (await fetch(`${world.baseUrl}/metrics`)).text();
      expect(text).toMatch(
        /http_request_duration_seconds_count\{method="GET",route="\/health\/live",status="200"\} \d+/,
      );
      expect(text).toContain('process_cpu_user_seconds_total');
    });

    it('serves the OpenAPI document and its UI', async () => {
      const doc = (await (await fetch(`${world.baseUrl}/api/docs-json`)).json()) as { openapi: string; paths: object };
      expect(doc.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.paths)).toContain('/health/ready');
      const ui = await fetch(`${world.baseUrl}/api/docs`);
      expect(ui.status).toBe(200);
      expect(await ui.text()).toContain('swagger');
    });
  });

  describe('lifecycle', () => {
    it('refuses to start with a bad variable, naming it (exit 78)', async () => {
      const name = 'billing' as const;
      await world.stack.stopProcess(name);
      await expect(
        world.stack.startProcess(name, { NATS_URL: 'http://not-nats', DB_POOL_MAX: 'many' }),
      ).rejects.toThrow(/NATS_URL[\s\S]*DB_POOL_MAX|DB_POOL_MAX[\s\S]*NATS_URL/);
      expect(await world.stack.stopProcess(name)).toBe(78);
      await world.stack.startProcess(name);
    }, 60_000);

    it('stops cleanly on SIGTERM (exit 0)', async () => {
      expect(await world.stack.stopProcess('assessment')).toBe(0);
      await world.stack.startProcess('assessment');
    }, 60_000);
  });
});
