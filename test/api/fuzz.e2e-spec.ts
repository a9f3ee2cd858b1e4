import fc from 'fast-check';
import type request from 'supertest';
import { loginAdmin, registerUser, startTestApp, type TestApp, type TestUser } from '../support/api-app';
import { type FuzzRequest, idPool, type OpenApiDocument, requestArbitrary, type Route, routesOf } from '../support/openapi-fuzz';

/**
 * Property: no request, however crafted, gets a 500, and every 4xx is a
 * problem+json. Requests come from the API's own OpenAPI document, so a new
 * route is fuzzed without touching this file. FUZZ_RUNS (default 15) sets the
 * requests per route; a failure prints the seed to replay it with FUZZ_SEED.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 15);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);

describe('fuzzing every route of the OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let member: TestUser;
  let admin: TestUser;
  let ids: ReturnType<typeof idPool>;

  beforeAll(async () => {
    // No LLM: turns started by valid messages are answered offline, in-process.
    t = await startTestApp({ LLM_BASE_URL: '', EMBEDDING_BASE_URL: '' });
    [member, admin] = await Promise.all([registerUser(t, 'fuzz'), loginAdmin(t)]);
    doc = (await t.http().get('/api/docs-json').expect(200)).body;
    const as = (who: TestUser) => ({ post: (path: string, body: object) => t.http().post(path).set(who.auth).send(body) });
    const assistant = (await as(member).post('/api/assistants', { name: 'Fuzzed', isPublic: true }).expect(201)).body;
    const template = (await as(member).post('/api/templates', { name: 'Fuzzed', promptText: 'Say {{a}} to {{b}}' }).expect(201)).body;
    const conversation = (await as(member).post('/api/conversations', { assistantId: assistant.id }).expect(201)).body;
    const turn = (await as(member).post(`/api/conversations/${conversation.id}/messages`, { content: 'Hello' }).expect(202)).body;
    const upload = await t
      .http()
      .post(`/api/assistants/${assistant.id}/documents`)
      .set(member.auth)
      .attach('file', Buffer.from('Fuzzing is fun.'), { filename: 'fuzz.txt', contentType: 'text/plain' })
      .expect(202);
    const key = (await as(member).post('/api/auth/api-keys', { name: 'fuzz' }).expect(201)).body;
    // Refused as a private address (this app keeps TOOLS_ALLOW_PRIVATE_NETWORKS off): refreshing it never connects anywhere.
    const toolServer = (await as(member).post('/api/tool-servers', { name: 'Fuzzed', transport: 'http', url: 'http://10.0.0.1/mcp' }).expect(201)).body;
    ids = idPool({
      assistant: [assistant.id],
      template: [template.id],
      conversation: [conversation.id],
      task: [turn.taskId, upload.body.taskId],
      document: [upload.body.document.id],
      apiKey: [key.id],
      user: [member.id],
      'tool-server': [toolServer.id],
    });
  }, 60_000);
  afterAll(() => t?.close());

  /** Mostly the member who owns the fixtures (an admin for user management), sometimes someone else. */
  const callers = fc.oneof(
    { weight: 6, arbitrary: fc.constant('owner' as const) },
    { weight: 1, arbitrary: fc.constantFrom('admin' as const, 'anonymous' as const) },
    { weight: 1, arbitrary: fc.constantFrom('Bearer ', 'Bearer ak_', 'Bearer ak_x', 'Bearer a.b.c', 'Basic Og==', 'Bearer ' + 'x'.repeat(5000), 'bearer') },
  );

  function send(route: Route, r: FuzzRequest, caller: string): request.Test {
    let req = t.http()[route.method](r.query ? `${r.path}?${r.query}` : r.path);
    const owner = route.path.startsWith('/api/users') ? admin : member;
    if (caller === 'owner') req = req.set(owner.auth);
    else if (caller === 'admin') req = req.set(admin.auth);
    else if (caller !== 'anonymous') req = req.set('Authorization', caller);
    req = req.set(r.headers);
    if (r.body?.kind === 'text') req = req.set('Content-Type', r.body.contentType).send(r.body.text);
    if (r.body?.kind === 'file') req = req.attach('file', Buffer.from(r.body.content), { filename: r.body.filename, contentType: r.body.contentType });
    return req;
  }

  // Deleting runs last, so the fixtures exist for every other route; signing out (which ends the callers' tokens) after that.
  const order = (route: Route) => (route.path === '/api/auth/logout' ? 2 : Number(route.method === 'delete'));
  const routes = () => routesOf(doc).sort((a, b) => order(a) - order(b));

  it('covers every route of the document', () => {
    expect(routes().length).toBeGreaterThan(30);
  });

  // Before the route fuzz: it signs out last, which ends the member's token.
  it('never renders a template preview past MAX_RENDERED_TEMPLATE_CHARS: 200 within it, else a 400 that says so', async () => {
    const limit = 200_000;
    await fc.assert(
      fc.asyncProperty(
        fc.stringMatching(/^[A-Za-z .,]{0,20}$/),
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 0, max: 60_000 }),
        async (literal, uses, size) => {
          const res = await t
            .http()
            .post('/api/templates/preview')
            .set(member.auth)
            .send({ promptText: `${literal}{{a}}`.repeat(uses), variables: { a: 'v'.repeat(size) } });
          if (res.status === 200) expect(res.body.text.length).toBeLessThanOrEqual(limit);
          else expect([res.status, res.body.detail]).toEqual([400, expect.stringMatching(/MAX_RENDERED_TEMPLATE_CHARS/)]);
          expect((literal.length + size) * uses > limit).toBe(res.status === 400);
        },
      ),
      { numRuns: RUNS * 2, seed: SEED },
    );
  }, 120_000);

  it("never answers 500, and every 4xx is problem+json (OpenAI's error shape under /v1)", async () => {
    const failures: string[] = [];
    for (const route of routes()) {
      let last = '';
      try {
        await fc.assert(
          fc.asyncProperty(requestArbitrary(route, doc, ids), callers, async (r, caller) => {
            const res = await send(route, r, caller);
            const label = `${caller.slice(0, 20)}: ${route.method.toUpperCase()} ${r.path.slice(0, 200)}?${r.query.slice(0, 200)}`;
            last = `${label} → ${res.status} ${(res.text ?? `<${res.headers['content-type']}>`).slice(0, 300)}`;
            if (res.status >= 500) throw new Error(last);
            if (res.status >= 400 && route.path.startsWith('/v1/')) {
              // OpenAI SDKs read their own error shape under /v1.
              expect(res.headers['content-type']).toMatch(/^application\/json/);
              expect(res.body).toMatchObject({ error: { message: expect.any(String), type: expect.any(String) } });
            } else if (res.status >= 400) {
              expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
              expect(res.body).toMatchObject({ status: res.status, title: expect.any(String), type: expect.any(String) });
            }
          }),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
      } catch (error) {
        failures.push(`${route.method.toUpperCase()} ${route.path}: ${last}\n${(error as Error).message.slice(0, 1500)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 180_000);
});
