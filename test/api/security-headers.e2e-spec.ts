import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../support/api-app';

/** The directives of a Content-Security-Policy header, by name. */
function csp(header: string | undefined): Record<string, string[]> {
  expect(header).toBeDefined();
  return Object.fromEntries(
    header!
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name, values]),
  );
}

/** Inline scripts and inline event handlers in an HTML page: what a script-src 'self' CSP would block. */
function inlineScripts(html: string): string[] {
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].filter(([, attrs, body]) => !/\bsrc=/.test(attrs) && body.trim());
  const handlers = [...html.matchAll(/\son[a-z]+\s*=/gi)];
  return [...scripts.map((m) => m[0]), ...handlers.map((m) => m[0])];
}

describe('security headers', () => {
  let t: TestApp;
  let web: string;
  beforeAll(async () => {
    web = mkdtempSync(join(tmpdir(), 'assistants-web-'));
    writeFileSync(
      join(web, 'index.html'),
      '<!doctype html><html><head><link rel="stylesheet" href="styles.css"></head><body><app-root></app-root><script src="main.js" type="module"></script></body></html>',
    );
    writeFileSync(join(web, 'main.js'), 'console.log(1)');
    t = await startTestApp({ WEB_DIST_DIR: web, TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => {
    await t.close();
    rmSync(web, { recursive: true, force: true });
  });

  it('serves the web app with a CSP that allows scripts only from the server, and no framing', async () => {
    for (const path of ['/', '/assistants/123', '/main.js']) {
      const res = await t.http().get(path).expect(200);
      const policy = csp(res.headers['content-security-policy']);
      expect(policy['script-src']).toEqual(["'self'"]);
      expect(policy['script-src-attr']).toEqual(["'none'"]);
      expect(policy['default-src']).toEqual(["'self'"]);
      expect(policy['frame-ancestors']).toEqual(["'none'"]);
      expect(policy['object-src']).toEqual(["'none'"]);
      expect(policy['upgrade-insecure-requests']).toBeUndefined();
      expect(res.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' });
      expect(res.headers['strict-transport-security']).toBeUndefined();
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('gives API answers, errors included, a CSP that loads nothing', async () => {
    for (const [path, status] of [
      ['/api/health', 200],
      ['/api/nowhere', 404],
      ['/api/auth/me', 401],
    ] as const) {
      const res = await t.http().get(path).expect(status);
      expect(csp(res.headers['content-security-policy'])).toMatchObject({ 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('keeps Swagger UI at /api/docs working under its own CSP', async () => {
    const page = await t.http().get('/api/docs').redirects(1).expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const policy = csp(page.headers['content-security-policy']);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['style-src']).toContain("'unsafe-inline'");
    expect(policy['img-src']).toContain('data:');
    // Swagger UI's page loads only scripts by URL, which script-src 'self' allows.
    expect(inlineScripts(page.text)).toEqual([]);
    const init = await t.http().get('/api/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toContain('SwaggerUIBundle(');
    await t.http().get('/api/docs-json').expect(200);
  });

  it('sends HSTS only over TLS, as told by a trusted proxy', async () => {
    const https = await t.http().get('/api/health').set('X-Forwarded-Proto', 'https').expect(200);
    expect(https.headers['strict-transport-security']).toMatch(/max-age=\d+; includeSubDomains/);
    const plain = await t.http().get('/api/health').expect(200);
    expect(plain.headers['strict-transport-security']).toBeUndefined();

    const untrusting = await startTestApp({ WEB_DIST_DIR: web });
    try {
      const spoofed = await untrusting.http().get('/api/health').set('X-Forwarded-Proto', 'https').expect(200);
      expect(spoofed.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await untrusting.close();
    }
  });

  it('builds the web app without inline scripts (checked when dist/web/browser exists)', () => {
    const angular = JSON.parse(readFileSync(join(__dirname, '../../apps/web/angular.json'), 'utf8'));
    // Critical-CSS inlining loads the stylesheet with an onload="" handler, which script-src-attr 'none' blocks.
    expect(angular.projects.web.architect.build.configurations.production.optimization.styles.inlineCritical).toBe(false);
    const built = join(__dirname, '../../dist/web/browser/index.html');
    if (existsSync(built)) expect(inlineScripts(readFileSync(built, 'utf8'))).toEqual([]);
  });
});
