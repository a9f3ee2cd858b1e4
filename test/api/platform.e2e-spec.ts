import { expectProblem, registerUser, startTestApp, type TestApp } from '../support/api-app';

describe('platform: health, OpenAPI, errors', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers /api/health with the database status', async () => {
    const res = await t.http().get('/api/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', database: { status: 'up', kind: 'postgres' } });
  });

  it('serves Swagger UI and an OpenAPI document listing every route', async () => {
    const ui = await t.http().get('/api/docs').redirects(1).expect(200);
    expect(ui.text).toContain('swagger');
    const doc = (await t.http().get('/api/docs-json').expect(200)).body;
    const documented = new Set(
      Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`)),
    );
    const express = t.app.getHttpAdapter().getInstance();
    const stack: any[] = (express.router ?? express._router).stack;
    const routes = stack
      // Middleware and the /v1 catch-all are mounted for every method; API operations have one each.
      .filter(
        (layer) => /^\/(api|v1)\//.test(layer.route?.path ?? '') && !layer.route.path.startsWith('/api/docs') && Object.keys(layer.route.methods).length < 10,
      )
      .flatMap((layer) => Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${layer.route.path.replace(/:(\w+)/g, '{$1}')}`));
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((r) => !documented.has(r))).toEqual([]);
    expect(routes).toEqual(expect.arrayContaining(['GET /v1/models', 'POST /v1/chat/completions']));
  });

  it('gives problem+json for unknown routes, with a request id header', async () => {
    const res = await t.http().get('/api/nope').set('x-request-id', 'trace-abc-123');
    expectProblem(res, 404);
    expect(res.headers['x-request-id']).toBe('trace-abc-123');
  });

  it('rejects malformed JSON with 400 and oversized bodies with 413', async () => {
    const user = await registerUser(t);
    const bad = await t.http().post('/api/assistants').set(user.auth).set('content-type', 'application/json').send('{"name": "x",');
    expect(expectProblem(bad, 400).detail).toMatch(/not valid JSON/);
    const huge = await t
      .http()
      .post('/api/assistants')
      .set(user.auth)
      .send({ name: 'x', description: 'y'.repeat(1_200_000) });
    expectProblem(huge, 413);
  });
});
