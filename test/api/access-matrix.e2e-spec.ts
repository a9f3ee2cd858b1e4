import { loginAdmin, registerUser, startTestApp, type TestApp, type TestUser, uniqueEmail } from '../support/api-app';

/**
 * Who may call what: every route × owner / other member / admin / anonymous /
 * the owner's API key / a service account's API key.
 */
type Role = 'owner' | 'other' | 'admin' | 'anonymous' | 'ownerKey' | 'serviceKey';
type Expect = Record<Role, number>;

interface Fixture {
  assistant: string;
  publicAssistant: string;
  template: string;
  conversation: string;
  /** Made only for the routes that name them: a chat task and a knowledge document. */
  task?: string;
  document?: string;
}

const rule = (owner: number, other: number, admin: number, anonymous: number): Expect => ({
  owner,
  other,
  admin,
  anonymous,
  ownerKey: owner,
  serviceKey: other,
});
/** Owner and admins only; other members 403; anonymous 401. */
const ownerOnly = (ok: number) => rule(ok, 403, ok, 401);
/** Any signed-in caller. */
const signedIn = (ok: number) => rule(ok, ok, ok, 401);

const ROUTES: [string, string, Expect, object?][] = [
  ['GET', '/api/health', rule(200, 200, 200, 200)],
  ['GET', '/api/auth/me', signedIn(200)],
  ['GET', '/api/auth/api-keys', signedIn(200)],
  ['POST', '/api/auth/api-keys', signedIn(201), { name: 'k' }],
  ['GET', '/api/users', rule(403, 403, 200, 401)],
  ['POST', '/api/users', rule(403, 403, 201, 401), { email: '{email}', name: 'n', password: 'password-123' }],
  ['GET', '/api/assistants', rule(200, 200, 200, 200)],
  ['POST', '/api/assistants', signedIn(201), { name: 'New' }],
  ['GET', '/api/assistants/{assistant}', rule(200, 403, 200, 401)],
  ['GET', '/api/assistants/{publicAssistant}', rule(200, 200, 200, 200)],
  ['PATCH', '/api/assistants/{assistant}', ownerOnly(200), { name: 'Renamed' }],
  ['PATCH', '/api/assistants/{publicAssistant}', ownerOnly(200), { name: 'Renamed' }],
  ['DELETE', '/api/assistants/{assistant}', ownerOnly(204)],
  ['DELETE', '/api/assistants/{publicAssistant}', ownerOnly(204)],
  ['GET', '/api/assistants/{assistant}/templates', rule(200, 403, 200, 401)],
  ['GET', '/api/assistants/{publicAssistant}/templates', rule(200, 200, 200, 200)],
  ['PUT', '/api/assistants/{assistant}/templates/{template}', ownerOnly(200)],
  ['DELETE', '/api/assistants/{assistant}/templates/{template}', ownerOnly(204)],
  ['PUT', '/api/assistants/{assistant}/default-template', ownerOnly(200), { templateId: '{template}' }],
  ['GET', '/api/templates', signedIn(200)],
  ['POST', '/api/templates', signedIn(201), { name: 'T', promptText: 'Hi {{x}}' }],
  ['POST', '/api/templates/preview', signedIn(200), { promptText: 'Hi {{x}}', variables: { x: 'y' } }],
  ['GET', '/api/templates/{template}', ownerOnly(200)],
  ['PATCH', '/api/templates/{template}', ownerOnly(200), { name: 'T2' }],
  ['DELETE', '/api/templates/{template}', ownerOnly(204)],
  ['POST', '/api/templates/{template}/render', ownerOnly(200), { variables: { x: 'y' } }],
  ['GET', '/api/conversations', signedIn(200)],
  ['POST', '/api/conversations', rule(201, 403, 201, 401), { assistantId: '{assistant}' }],
  ['POST', '/api/conversations', signedIn(201), { assistantId: '{publicAssistant}' }],
  ['GET', '/api/conversations/{conversation}', ownerOnly(200)],
  ['PATCH', '/api/conversations/{conversation}', ownerOnly(200), { title: 'Renamed' }],
  ['DELETE', '/api/conversations/{conversation}', ownerOnly(204)],
  ['POST', '/api/conversations/{conversation}/clear', ownerOnly(200)],
  ['GET', '/api/conversations/{conversation}/messages', ownerOnly(200)],
  ['POST', '/api/conversations/{conversation}/messages', ownerOnly(202), { content: 'Hello?' }],
  ['GET', '/api/tasks/{task}', ownerOnly(200)],
  ['POST', '/api/assistants/{assistant}/search', rule(200, 403, 200, 401), { query: 'leave' }],
  ['POST', '/api/assistants/{publicAssistant}/search', signedIn(200), { query: 'leave' }],
  ['GET', '/api/assistants/{assistant}/documents', ownerOnly(200)],
  ['GET', '/api/assistants/{publicAssistant}/documents', ownerOnly(200)],
  ['GET', '/api/documents/{document}', ownerOnly(200)],
  ['DELETE', '/api/documents/{document}', ownerOnly(202)],
];

const ROLES: Role[] = ['owner', 'other', 'admin', 'anonymous', 'ownerKey', 'serviceKey'];

describe('access-control matrix', () => {
  let t: TestApp;
  let owner: TestUser;
  const headers = {} as Record<Role, Record<string, string>>;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await registerUser(t, 'owner');
    const other = await registerUser(t, 'other');
    const admin = await loginAdmin(t);
    const ownerKey = await t.http().post('/api/auth/api-keys').set(owner.auth).send({ name: 'owner-key' }).expect(201);
    const service = await t.http().post('/api/users').set(admin.auth).send({ email: uniqueEmail('svc'), name: 'svc', isServiceAccount: true }).expect(201);
    const serviceKey = await t.http().post(`/api/users/${service.body.id}/api-keys`).set(admin.auth).send({ name: 'svc-key' }).expect(201);
    Object.assign(headers, {
      owner: owner.auth,
      other: other.auth,
      admin: admin.auth,
      anonymous: {},
      ownerKey: { Authorization: `Bearer ${ownerKey.body.key}` },
      serviceKey: { Authorization: `Bearer ${serviceKey.body.key}` },
    });
  });
  afterAll(() => t.close());

  /** Fresh resources per case, so a DELETE in one case cannot change another. */
  async function fixture(path = ''): Promise<Fixture> {
    const post = async (path: string, body: object) => (await t.http().post(path).set(owner.auth).send(body).expect(201)).body.id as string;
    const assistant = await post('/api/assistants', { name: 'Private' });
    const publicAssistant = await post('/api/assistants', { name: 'Public', isPublic: true });
    const template = await post('/api/templates', { name: 'Private template', promptText: 'Hello {{x}}' });
    const conversation = await post('/api/conversations', { assistantId: assistant });
    const f: Fixture = { assistant, publicAssistant, template, conversation };
    if (path.includes('{task}')) {
      f.task = (await t.http().post(`/api/conversations/${conversation}/messages`).set(owner.auth).send({ content: 'Hi' }).expect(202)).body.taskId;
    }
    if (path.includes('{document}')) {
      const upload = await t.http().post(`/api/assistants/${assistant}/documents`).set(owner.auth).attach('file', Buffer.from('Some notes.'), { filename: 'notes.txt', contentType: 'text/plain' }).expect(202);
      f.document = upload.body.document.id;
    }
    return f;
  }

  const fill = (text: string, f: Fixture) =>
    text.replace(/\{(\w+)\}/g, (whole, key: string) => (key === 'email' ? uniqueEmail('matrix') : ((f as unknown as Record<string, string>)[key] ?? whole)));

  const cases = ROUTES.flatMap(([method, path, expected, body]) => ROLES.map((role) => [method, path, role, expected[role], body] as const));

  it.each(cases)('%s %s as %s → %i', async (method, path, role, status, body) => {
    const f = await fixture(path);
    let req = t.http()[method.toLowerCase() as 'get'](fill(path, f)).set(headers[role]);
    if (body) req = req.send(JSON.parse(fill(JSON.stringify(body), f)));
    const res = await req;
    expect({ status: res.status, body: res.status >= 400 ? res.body : undefined }).toMatchObject({ status });
    if (status >= 400) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('lists only what each caller may see', async () => {
    const f = await fixture();
    const ids = async (role: Role) =>
      ((await t.http().get('/api/assistants?limit=100&mine=false').set(headers[role]).expect(200)).body.items as { id: string }[]).map((a) => a.id);
    for (const role of ['owner', 'admin', 'ownerKey'] as Role[]) expect(await ids(role)).toEqual(expect.arrayContaining([f.assistant, f.publicAssistant]));
    for (const role of ['other', 'anonymous', 'serviceKey'] as Role[]) {
      const seen = await ids(role);
      expect(seen).not.toContain(f.assistant);
    }
    const anonymous = (await t.http().get('/api/assistants?isPublic=true&limit=100').expect(200)).body.items as { isPublic: boolean }[];
    expect(anonymous.every((a) => a.isPublic)).toBe(true);

    const otherConversations = (await t.http().get('/api/conversations?limit=100').set(headers.other).expect(200)).body.items as { id: string }[];
    expect(otherConversations.map((c) => c.id)).not.toContain(f.conversation);
    const otherTemplates = (await t.http().get('/api/templates?limit=100').set(headers.other).expect(200)).body.items as { id: string }[];
    expect(otherTemplates.map((c) => c.id)).not.toContain(f.template);
  });
});
