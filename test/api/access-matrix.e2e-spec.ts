import type { ApiScope } from '@assistants/common';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { REQUIRED_SCOPE } from '../../apps/api/src/auth/auth.decorators';
import { expectProblem, loginAdmin, registerUser, startTestApp, type TestApp, type TestUser, uniqueEmail } from '../support/api-app';
import { connectLive, listenForWebSocket } from '../support/live-client';

/**
 * Who may call what: every route × owner / other member / admin / anonymous /
 * the owner's API keys (default scopes chat+read, and one key per single scope) /
 * a service account's API key.
 */
type Role = 'owner' | 'other' | 'admin' | 'anonymous' | 'ownerKey' | 'serviceKey' | 'chatKey' | 'readKey' | 'adminKey';
type Expect = Record<Role, number>;
type Scope = ApiScope | 'none';

interface Fixture {
  assistant: string;
  publicAssistant: string;
  template: string;
  conversation: string;
  /** Made only for the routes that name them: a chat task and a knowledge document. */
  task?: string;
  document?: string;
  /** A document whose ingest has finished (a re-index of one still processing is 409). */
  readyDocument?: string;
  /** A finished answer in the owner's conversation, for the rating routes. */
  message?: string;
  /** The template, linked to both assistants, for the routes that act on a link. */
  linkedTemplate?: string;
  /** A fresh member for the user-administration routes, and one of the owner's API keys. */
  user?: string;
  apiKey?: string;
  /** A fresh service account, for the route that makes keys for one. */
  serviceAccount?: string;
  /** A share link of the conversation ('signed_in'), and the tokens of an 'anyone' and a 'signed_in' link. */
  share?: string;
  anyoneToken?: string;
  signedInToken?: string;
  /** The owner's tool server (not shared), at a private address this app refuses: it never connects. */
  toolServer?: string;
}

/** The scopes of each key role; a key without the route's scope gets 403 before anything else. */
const KEY_SCOPES: Partial<Record<Role, Scope[]>> = {
  ownerKey: ['chat', 'read'],
  serviceKey: ['chat', 'read'],
  chatKey: ['chat'],
  readKey: ['read'],
  adminKey: ['admin'],
};

const rule =
  (owner: number, other: number, admin: number, anonymous: number) =>
  (scope: Scope): Expect => {
    const withKey = (role: Role, base: number) => (scope === 'none' || KEY_SCOPES[role]!.includes(scope) ? base : 403);
    return {
      owner,
      other,
      admin,
      anonymous,
      ownerKey: withKey('ownerKey', owner),
      serviceKey: withKey('serviceKey', other),
      chatKey: withKey('chatKey', owner),
      readKey: withKey('readKey', owner),
      adminKey: withKey('adminKey', owner),
    };
  };
/** Owner and admins only; other members 403; anonymous 401. */
const ownerOnly = (ok: number) => rule(ok, 403, ok, 401);
/** Only the owner: admins may read a conversation but not change it. */
const ownerAlone = (ok: number) => rule(ok, 403, 403, 401);
/** Any signed-in caller. */
const signedIn = (ok: number) => rule(ok, ok, ok, 401);

/** A body sent as one multipart file part instead of JSON. */
const UPLOAD = { $upload: 'Some notes.' };

const ROUTES: [string, string, Scope, (scope: Scope) => Expect, object?][] = [
  ['GET', '/api/health', 'none', rule(200, 200, 200, 200)],
  ['GET', '/api/auth/me', 'read', signedIn(200)],
  ['PATCH', '/api/auth/me', 'admin', signedIn(200), { theme: 'dark' }],
  ['GET', '/api/auth/api-keys', 'admin', signedIn(200)],
  ['POST', '/api/auth/api-keys', 'admin', signedIn(201), { name: 'k' }],
  ['GET', '/api/users', 'admin', rule(403, 403, 200, 401)],
  ['POST', '/api/users', 'admin', rule(403, 403, 201, 401), { email: '{email}', name: 'n', password: 'password-123' }],
  ['PATCH', '/api/users/{user}', 'admin', rule(403, 403, 200, 401), { name: 'Renamed' }],
  ['PATCH', '/api/users/{user}', 'admin', rule(403, 403, 200, 401), { disabled: true }],
  // Keys for service accounts only: a key for a member would let an admin act as them.
  ['POST', '/api/users/{user}/api-keys', 'admin', rule(403, 403, 403, 401), { name: 'k' }],
  ['POST', '/api/users/{serviceAccount}/api-keys', 'admin', rule(403, 403, 201, 401), { name: 'k' }],
  ['DELETE', '/api/auth/api-keys/{apiKey}', 'admin', rule(204, 403, 204, 401)],
  ['GET', '/api/assistants', 'read', rule(200, 200, 200, 200)],
  ['POST', '/api/assistants', 'admin', signedIn(201), { name: 'New' }],
  ['GET', '/api/assistants/{assistant}', 'read', rule(200, 403, 200, 401)],
  ['GET', '/api/assistants/{publicAssistant}', 'read', rule(200, 200, 200, 200)],
  ['PATCH', '/api/assistants/{assistant}', 'admin', ownerOnly(200), { name: 'Renamed' }],
  ['PATCH', '/api/assistants/{publicAssistant}', 'admin', ownerOnly(200), { name: 'Renamed' }],
  ['DELETE', '/api/assistants/{assistant}', 'admin', ownerOnly(204)],
  ['DELETE', '/api/assistants/{publicAssistant}', 'admin', ownerOnly(204)],
  ['GET', '/api/assistants/{assistant}/templates', 'read', rule(200, 403, 200, 401)],
  ['GET', '/api/assistants/{publicAssistant}/templates', 'read', rule(200, 200, 200, 200)],
  ['PUT', '/api/assistants/{assistant}/templates/{template}', 'admin', ownerOnly(200)],
  ['DELETE', '/api/assistants/{assistant}/templates/{template}', 'admin', ownerOnly(204)],
  ['POST', '/api/assistants/{assistant}/templates/{linkedTemplate}/accept-update', 'admin', ownerOnly(200)],
  ['POST', '/api/assistants/{publicAssistant}/templates/{linkedTemplate}/accept-update', 'admin', ownerOnly(200)],
  ['PUT', '/api/assistants/{assistant}/default-template', 'admin', ownerOnly(200), { templateId: '{template}' }],
  ['GET', '/api/templates', 'read', signedIn(200)],
  ['POST', '/api/templates', 'admin', signedIn(201), { name: 'T', promptText: 'Hi {{x}}' }],
  ['POST', '/api/templates/preview', 'read', signedIn(200), { promptText: 'Hi {{x}}', variables: { x: 'y' } }],
  ['GET', '/api/templates/{template}', 'read', ownerOnly(200)],
  ['PATCH', '/api/templates/{template}', 'admin', ownerOnly(200), { name: 'T2' }],
  ['DELETE', '/api/templates/{template}', 'admin', ownerOnly(204)],
  ['POST', '/api/templates/{template}/render', 'read', ownerOnly(200), { variables: { x: 'y' } }],
  ['GET', '/api/conversations', 'read', signedIn(200)],
  ['POST', '/api/conversations', 'chat', rule(201, 403, 201, 401), { assistantId: '{assistant}' }],
  ['POST', '/api/conversations', 'chat', signedIn(201), { assistantId: '{publicAssistant}' }],
  ['GET', '/api/conversations/{conversation}', 'read', ownerOnly(200)],
  ['PATCH', '/api/conversations/{conversation}', 'chat', ownerAlone(200), { title: 'Renamed' }],
  ['PATCH', '/api/conversations/{conversation}', 'chat', ownerAlone(200), { status: 'archived' }],
  ['DELETE', '/api/conversations/{conversation}', 'chat', ownerAlone(204)],
  ['POST', '/api/conversations/{conversation}/clear', 'chat', ownerAlone(200)],
  ['GET', '/api/conversations/{conversation}/messages', 'read', ownerOnly(200)],
  ['POST', '/api/conversations/{conversation}/messages', 'chat', ownerAlone(202), { content: 'Hello?' }],
  ['GET', '/api/conversations/{conversation}/export?format=md', 'read', ownerOnly(200)],
  ['GET', '/api/conversations/{conversation}/export?format=pdf', 'read', ownerOnly(200)],
  ['POST', '/api/conversations/{conversation}/shares', 'chat', ownerAlone(201), { audience: 'anyone' }],
  ['GET', '/api/conversations/{conversation}/shares', 'read', ownerAlone(200)],
  ['DELETE', '/api/conversations/{conversation}/shares/{share}', 'chat', ownerAlone(204)],
  ['GET', '/api/shared/{anyoneToken}', 'read', rule(200, 200, 200, 200)],
  ['GET', '/api/shared/{signedInToken}', 'read', signedIn(200)],
  ['PUT', '/api/messages/{message}/rating', 'chat', ownerAlone(200), { rating: 4 }],
  ['DELETE', '/api/messages/{message}/rating', 'chat', ownerAlone(204)],
  ['GET', '/api/assistants/{assistant}/usage', 'read', ownerOnly(200)],
  ['GET', '/api/assistants/{publicAssistant}/usage', 'read', ownerOnly(200)],
  ['GET', '/api/usage', 'read', rule(403, 403, 200, 401)],
  ['GET', '/api/tasks/{task}', 'read', ownerOnly(200)],
  ['POST', '/api/assistants/{assistant}/documents', 'admin', ownerOnly(202), UPLOAD],
  ['POST', '/api/assistants/{publicAssistant}/documents', 'admin', ownerOnly(202), UPLOAD],
  ['GET', '/api/assistants/{assistant}/documents', 'read', ownerOnly(200)],
  ['GET', '/api/assistants/{publicAssistant}/documents', 'read', ownerOnly(200)],
  ['GET', '/api/documents/{document}', 'read', ownerOnly(200)],
  ['DELETE', '/api/documents/{document}', 'admin', ownerOnly(202)],
  ['POST', '/api/documents/{readyDocument}/reindex', 'admin', ownerOnly(202)],
  ['POST', '/api/assistants/{assistant}/reindex', 'admin', ownerOnly(202)],
  ['POST', '/api/assistants/{publicAssistant}/reindex', 'admin', ownerOnly(202)],
  ['POST', '/api/assistants/{assistant}/search', 'read', rule(200, 403, 200, 401), { query: 'leave' }],
  ['POST', '/api/assistants/{publicAssistant}/search', 'read', signedIn(200), { query: 'leave' }],
  ['GET', '/api/tool-servers', 'read', signedIn(200)],
  ['POST', '/api/tool-servers', 'admin', signedIn(201), { name: 'T', transport: 'http', url: 'http://10.0.0.1/mcp' }],
  // stdio servers are for admins, and off here (TOOLS_STDIO=false) even for them.
  ['POST', '/api/tool-servers', 'admin', rule(403, 403, 403, 401), { name: 'T', transport: 'stdio', command: 'true' }],
  ['GET', '/api/tool-servers/{toolServer}', 'read', ownerOnly(200)],
  ['PATCH', '/api/tool-servers/{toolServer}', 'admin', ownerOnly(200), { name: 'Renamed' }],
  ['PATCH', '/api/tool-servers/{toolServer}', 'admin', rule(403, 403, 200, 401), { shared: true }],
  ['POST', '/api/tool-servers/{toolServer}/refresh', 'admin', ownerOnly(200)],
  ['DELETE', '/api/tool-servers/{toolServer}', 'admin', ownerOnly(204)],
  ['GET', '/api/assistants/{assistant}/tools', 'read', rule(200, 403, 200, 401)],
  ['GET', '/api/assistants/{publicAssistant}/tools', 'read', rule(200, 200, 200, 200)],
  ['PUT', '/api/assistants/{assistant}/tools', 'admin', ownerOnly(200), { tools: [{ builtin: 'search_knowledge' }] }],
  ['PUT', '/api/assistants/{assistant}/tools', 'admin', ownerOnly(200), { tools: [{ serverId: '{toolServer}', name: '*' }] }],
  // OpenAI-compatible: an assistant the caller may not use is "not found", never 403.
  ['GET', '/v1/models', 'chat', signedIn(200)],
  ['GET', '/v1/models/{assistant}', 'chat', rule(200, 404, 200, 401)],
  ['GET', '/v1/models/{publicAssistant}', 'chat', signedIn(200)],
  ['POST', '/v1/chat/completions', 'chat', rule(200, 404, 200, 401), { model: '{assistant}', messages: [{ role: 'user', content: 'Hi' }] }],
  ['POST', '/v1/chat/completions', 'chat', signedIn(200), { model: '{publicAssistant}', messages: [{ role: 'user', content: 'Hi' }] }],
  [
    'POST',
    '/v1/chat/completions',
    'chat',
    rule(200, 404, 404, 401),
    { model: '{assistant}', conversation_id: '{conversation}', messages: [{ role: 'user', content: 'Hi' }] },
  ],
];

const ROLES: Role[] = ['owner', 'other', 'admin', 'anonymous', 'ownerKey', 'serviceKey', 'chatKey', 'readKey', 'adminKey'];

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
    const keyWith = async (scope: ApiScope) => {
      const res = await t
        .http()
        .post('/api/auth/api-keys')
        .set(owner.auth)
        .send({ name: `${scope}-key`, scopes: [scope] })
        .expect(201);
      return { Authorization: `Bearer ${res.body.key}` };
    };
    const service = await t
      .http()
      .post('/api/users')
      .set(admin.auth)
      .send({ email: uniqueEmail('svc'), name: 'svc', isServiceAccount: true })
      .expect(201);
    const serviceKey = await t.http().post(`/api/users/${service.body.id}/api-keys`).set(admin.auth).send({ name: 'svc-key' }).expect(201);
    Object.assign(headers, {
      owner: owner.auth,
      other: other.auth,
      admin: admin.auth,
      anonymous: {},
      ownerKey: { Authorization: `Bearer ${ownerKey.body.key}` },
      serviceKey: { Authorization: `Bearer ${serviceKey.body.key}` },
      chatKey: await keyWith('chat'),
      readKey: await keyWith('read'),
      adminKey: await keyWith('admin'),
    });
  });
  afterAll(() => t.close());

  /** Fresh resources per case, so a DELETE in one case cannot change another. */
  async function fixture(path = '', body = ''): Promise<Fixture> {
    const post = async (path: string, body: object) => (await t.http().post(path).set(owner.auth).send(body).expect(201)).body.id as string;
    const assistant = await post('/api/assistants', { name: 'Private' });
    const publicAssistant = await post('/api/assistants', { name: 'Public', isPublic: true });
    const template = await post('/api/templates', { name: 'Private template', promptText: 'Hello {{x}}' });
    const conversation = await post('/api/conversations', { assistantId: assistant });
    const f: Fixture = { assistant, publicAssistant, template, conversation };
    if (path.includes('{task}')) {
      f.task = (await t.http().post(`/api/conversations/${conversation}/messages`).set(owner.auth).send({ content: 'Hi' }).expect(202)).body.taskId;
    }
    if (path.includes('{linkedTemplate}')) {
      for (const id of [assistant, publicAssistant]) await t.http().put(`/api/assistants/${id}/templates/${template}`).set(owner.auth).expect(200);
      f.linkedTemplate = template;
    }
    if (path.includes('{message}')) {
      f.message = (await t.prisma.message.create({ data: { conversationId: conversation, role: 'assistant', content: 'An answer.', status: 'done' } })).id;
    }
    if (path.includes('{user}')) {
      f.user = (
        await t
          .http()
          .post('/api/users')
          .set(headers.admin)
          .send({ email: uniqueEmail('matrix-user'), name: 'n', password: 'password-123' })
          .expect(201)
      ).body.id;
    }
    if (path.includes('{serviceAccount}')) {
      f.serviceAccount = (
        await t
          .http()
          .post('/api/users')
          .set(headers.admin)
          .send({ email: uniqueEmail('matrix-svc'), name: 'svc', isServiceAccount: true })
          .expect(201)
      ).body.id;
    }
    if (path.includes('{toolServer}') || body.includes('{toolServer}')) {
      f.toolServer = (
        await t.http().post('/api/tool-servers').set(owner.auth).send({ name: 'Private server', transport: 'http', url: 'http://10.0.0.1/mcp' }).expect(201)
      ).body.id;
    }
    for (const [key, audience] of [
      ['share', 'signed_in'],
      ['anyoneToken', 'anyone'],
      ['signedInToken', 'signed_in'],
    ] as const) {
      if (!path.includes(`{${key}}`)) continue;
      const made = (await t.http().post(`/api/conversations/${conversation}/shares`).set(owner.auth).send({ audience }).expect(201)).body;
      f[key] = key === 'share' ? made.id : made.token;
    }
    if (path.includes('{apiKey}')) f.apiKey = (await t.http().post('/api/auth/api-keys').set(owner.auth).send({ name: 'to-revoke' }).expect(201)).body.id;
    if (path.includes('{document}')) {
      const upload = await t
        .http()
        .post(`/api/assistants/${assistant}/documents`)
        .set(owner.auth)
        .attach('file', Buffer.from('Some notes.'), { filename: 'notes.txt', contentType: 'text/plain' })
        .expect(202);
      f.document = upload.body.document.id;
    }
    if (path.includes('{readyDocument}')) {
      const upload = await t
        .http()
        .post(`/api/assistants/${assistant}/documents`)
        .set(owner.auth)
        .attach('file', Buffer.from('Some notes.'), { filename: 'notes.txt', contentType: 'text/plain' })
        .expect(202);
      f.readyDocument = upload.body.document.id;
      for (let status = upload.body.document.status; status !== 'ready'; await new Promise((resolve) => setTimeout(resolve, 50))) {
        status = (await t.http().get(`/api/documents/${f.readyDocument}`).set(owner.auth).expect(200)).body.status;
        if (status === 'failed') throw new Error('the fixture document failed to ingest');
      }
    }
    return f;
  }

  const fill = (text: string, f: Fixture) =>
    text.replace(/\{(\w+)\}/g, (whole, key: string) => (key === 'email' ? uniqueEmail('matrix') : ((f as unknown as Record<string, string>)[key] ?? whole)));

  const cases = ROUTES.flatMap(([method, path, scope, expected, body]) => ROLES.map((role) => [method, path, role, expected(scope)[role], body] as const));

  it.each(cases)('%s %s as %s → %i', async (method, path, role, status, body) => {
    const f = await fixture(path, JSON.stringify(body ?? {}));
    let req = t.http()[method.toLowerCase() as 'get'](fill(path, f)).set(headers[role]);
    if (body && '$upload' in body) req = req.attach('file', Buffer.from(String(body.$upload)), { filename: 'notes.txt', contentType: 'text/plain' });
    else if (body) req = req.send(JSON.parse(fill(JSON.stringify(body), f)));
    const res = await req;
    expect({ status: res.status, body: res.status >= 400 ? res.body : undefined }).toMatchObject({ status });
    if (status >= 400) expect(res.headers['content-type']).toMatch(path.startsWith('/v1/') ? /^application\/json/ : /^application\/problem\+json/);
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

  it("shows a public assistant's linked templates only to who may read each template", async () => {
    const f = await fixture();
    const publicTemplate = (await t.http().post('/api/templates').set(owner.auth).send({ name: 'Shared', promptText: 'Hi', isPublic: true }).expect(201)).body
      .id;
    for (const template of [f.template, publicTemplate]) {
      await t.http().put(`/api/assistants/${f.publicAssistant}/templates/${template}`).set(owner.auth).expect(200);
    }
    const seen = async (role: Role) =>
      ((await t.http().get(`/api/assistants/${f.publicAssistant}/templates`).set(headers[role]).expect(200)).body as { id: string }[]).map((x) => x.id);
    for (const role of ['owner', 'admin', 'ownerKey'] as Role[]) expect((await seen(role)).sort()).toEqual([f.template, publicTemplate].sort());
    for (const role of ['other', 'anonymous', 'serviceKey'] as Role[]) expect(await seen(role)).toEqual([publicTemplate]);
  });

  it("shows a public assistant's system prompt only to its owner and admins, unless the owner shares it", async () => {
    const f = await fixture();
    await t.http().patch(`/api/assistants/${f.publicAssistant}`).set(owner.auth).send({ systemPrompt: 'Owner-only words.' }).expect(200);
    const prompt = async (role: Role) => (await t.http().get(`/api/assistants/${f.publicAssistant}`).set(headers[role]).expect(200)).body.systemPrompt;
    for (const role of ['owner', 'admin', 'ownerKey'] as Role[]) expect(await prompt(role)).toBe('Owner-only words.');
    for (const role of ['other', 'anonymous', 'serviceKey'] as Role[]) expect(await prompt(role)).toBeUndefined();
    await t.http().patch(`/api/assistants/${f.publicAssistant}`).set(owner.auth).send({ showPromptToUsers: true }).expect(200);
    for (const role of ['other', 'anonymous', 'serviceKey'] as Role[]) expect(await prompt(role)).toBe('Owner-only words.');
  });

  it("lets admins read a chat task but not cancel or retry someone else's", async () => {
    const f = await fixture('{task}');
    await t.http().get(`/api/tasks/${f.task}`).set(headers.admin).expect(200);
    expectProblem(await t.http().post(`/api/tasks/${f.task}/cancel`).set(headers.admin), 403);
    expectProblem(await t.http().post(`/api/tasks/${f.task}/retry`).set(headers.admin), 403);
  });

  // Revocation reaches every entry point: a credential taken back is 401 on /api, /v1 and the WebSocket upgrade alike.
  it.each(['a revoked key', 'an expired key', 'a token from before a sign-out', 'a token from before a disable, enabled since'] as const)(
    'refuses %s everywhere',
    async (kind) => {
      const user = await registerUser(t, 'revoked');
      const key = (await t.http().post('/api/auth/api-keys').set(user.auth).send({ name: 'taken back' }).expect(201)).body;
      let credential = user.token;
      if (kind === 'a revoked key') await t.http().delete(`/api/auth/api-keys/${key.id}`).set(user.auth).expect(204);
      if (kind === 'an expired key') await t.prisma.apiKey.update({ where: { id: key.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
      if (kind.endsWith('key')) credential = key.key;
      if (kind === 'a token from before a sign-out') await t.http().post('/api/auth/logout').set(user.auth).expect(204);
      if (kind.includes('disable'))
        for (const disabled of [true, false]) await t.http().patch(`/api/users/${user.id}`).set(headers.admin).send({ disabled }).expect(200);
      const auth = { Authorization: `Bearer ${credential}` };
      expectProblem(await t.http().get('/api/auth/me').set(auth), 401);
      const v1 = await t.http().get('/v1/models').set(auth);
      expect({ status: v1.status, type: v1.body.error?.type }).toEqual({ status: 401, type: 'invalid_request_error' });
      await expect(connectLive(await listenForWebSocket(t.app), credential)).rejects.toMatchObject({ status: 401 });
    },
  );

  it('signs out only a caller who may: anonymous 401, a key without the admin scope 403', async () => {
    expectProblem(await t.http().post('/api/auth/logout'), 401);
    for (const role of ['ownerKey', 'chatKey', 'readKey'] as Role[]) expectProblem(await t.http().post('/api/auth/logout').set(headers[role]), 403);
    await t.http().get('/api/auth/me').set(owner.auth).expect(200);
  });

  it('names an API-key scope (or none) on every route', () => {
    const reflector = t.app.get(Reflector);
    const scanner = new MetadataScanner();
    const missing: string[] = [];
    let routes = 0;
    const controllers = [...t.app.get(ModulesContainer).values()].flatMap((module) => [...module.controllers.values()]);
    for (const wrapper of controllers) {
      const proto = Object.getPrototypeOf(wrapper.instance) as Record<string, () => unknown>;
      for (const name of scanner.getAllMethodNames(proto)) {
        if (Reflect.getMetadata('path', proto[name]) === undefined) continue;
        routes++;
        if (!reflector.getAllAndOverride(REQUIRED_SCOPE, [proto[name], wrapper.metatype as never])) missing.push(`${String(wrapper.name)}.${name}`);
      }
    }
    expect(routes).toBeGreaterThan(30);
    expect(missing).toEqual([]);
  });
});
