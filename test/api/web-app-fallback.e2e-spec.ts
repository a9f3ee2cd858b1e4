import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectProblem, startTestApp, type TestApp } from '../support/api-app';

/** With a built web app present, its pages are served, but never in place of an API answer. */
describe('web app fallback next to /api and /v1', () => {
  let t: TestApp;
  let webDir: string;
  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'assistants-web-'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Assistants web app</title>');
    t = await startTestApp({ WEB_DIST_DIR: webDir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('serves index.html for the web app’s own routes', async () => {
    for (const path of ['/', '/assistants/123', '/api-keys', '/admin']) {
      const res = await t.http().get(path).expect(200);
      expect(res.text).toContain('Assistants web app');
    }
  });

  it('answers unknown /api paths with problem+json', async () => {
    for (const path of ['/api/nope', '/api/v1/models']) expectProblem(await t.http().get(path), 404);
  });

  it('answers /v1 paths in OpenAI’s error shape, known or not, signed in or not', async () => {
    for (const [path, status] of [
      ['/v1/nope', 404],
      ['/v1', 404],
      ['/v1/models/x/y', 404],
      ['/v1/models', 401],
    ] as const) {
      const res = await t.http().get(path);
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error', code: expect.anything(), param: null } });
    }
    const post = await t.http().post('/v1/embeddings').send({ input: 'x' });
    expect(post.status).toBe(404);
    expect(post.body.error.message).toBe('Invalid URL (POST /v1/embeddings).');
  });
});
