import {
  ACCEPTED_TURN_VIEW_KEYS,
  API_KEY_VIEW_KEYS,
  ASSISTANT_STATISTICS_KEYS,
  ASSISTANT_TEMPLATE_VIEW_KEYS,
  ASSISTANT_TOOL_VIEW_KEYS,
  ASSISTANT_TOOLS_VIEW_KEYS,
  ASSISTANT_VIEW_KEYS,
  CONVERSATION_VIEW_KEYS,
  CREATED_API_KEY_VIEW_KEYS,
  CURSOR_PAGE_KEYS,
  DOCUMENT_REMOVAL_VIEW_KEYS,
  DOCUMENT_VIEW_KEYS,
  HEALTH_VIEW_KEYS,
  LLM_REQUEST_VIEW_KEYS,
  MESSAGE_SOURCE_KEYS,
  MESSAGE_TIMINGS_KEYS,
  MESSAGE_USAGE_KEYS,
  MESSAGE_VIEW_KEYS,
  PAGE_KEYS,
  PROBLEM_KEYS,
  RENDERED_TEMPLATE_VIEW_KEYS,
  SESSION_VIEW_KEYS,
  TASK_VIEW_KEYS,
  TEMPLATE_LINK_VIEW_KEYS,
  TEMPLATE_VERSION_VIEW_KEYS,
  TEMPLATE_VIEW_KEYS,
  TOOL_SERVER_VIEW_KEYS,
  UPLOADED_DOCUMENT_VIEW_KEYS,
  USAGE_BUCKET_KEYS,
  USAGE_FIGURES_KEYS,
  USAGE_REPORT_VIEW_KEYS,
  USAGE_TOOL_KEYS,
  USER_VIEW_KEYS,
  requiredKeys,
  type ViewKeys,
} from '@assistants/common';
import { expectProblem, loginAdmin, registerUser, startTestApp, type TestApp, type TestUser } from '../support/api-app';
import { waitForTask } from '../support/chat-harness';
import { QUERY_KEYS, REQUEST_BODY_KEYS } from '../support/request-keys';
import { expectIsoDates, expectViewKeys } from '../support/view-keys';

// Real responses against the views declared in libs/common: a field added to, or dropped from, a
// response without its view (or the other way round) fails here, before any client notices.
describe('responses have exactly the keys of their declared views', () => {
  let t: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ LLM_BASE_URL: '', EMBEDDING_BASE_URL: '' });
    user = await registerUser(t, 'views');
  });
  afterAll(() => t.close());

  const get = async (path: string, who: TestUser = user) => (await t.http().get(path).set(who.auth).expect(200)).body;
  const each = <T>(items: unknown[], keys: ViewKeys<T>, label: string) => {
    expect(items.length).toBeGreaterThan(0);
    items.forEach((item, i) => expectViewKeys(item, keys, `${label}[${i}]`));
  };

  it('health', async () => {
    expectViewKeys((await t.http().get('/api/health').expect(200)).body, HEALTH_VIEW_KEYS, 'health');
  });

  it('session, user, API keys, and the admin list of users', async () => {
    const session = (await t.http().post('/api/auth/login').send({ email: user.email, password: 'password-123' }).expect(200)).body;
    expectViewKeys(session, SESSION_VIEW_KEYS, 'session');
    expectViewKeys(session.user, USER_VIEW_KEYS, 'session.user');
    const me = await get('/api/auth/me');
    expectViewKeys(me, USER_VIEW_KEYS, 'me');
    expectIsoDates(me, ['createdAt'], 'me');

    const created = (await t.http().post('/api/auth/api-keys').set(user.auth).send({ name: 'ci', expiresInDays: 3 }).expect(201)).body;
    expectViewKeys(created, CREATED_API_KEY_VIEW_KEYS, 'created key');
    expectIsoDates(created, ['createdAt', 'lastUsedAt', 'expiresAt'], 'created key');
    each(await get('/api/auth/api-keys'), API_KEY_VIEW_KEYS, 'api keys');

    const users = await get('/api/users', await loginAdmin(t));
    expectViewKeys(users, PAGE_KEYS, 'users page');
    each(users.items, USER_VIEW_KEYS, 'users');
  });

  it('assistants, templates and conversations, single and paged', async () => {
    const assistant = (await t.http().post('/api/assistants').set(user.auth).send({ name: 'Viewed' }).expect(201)).body;
    expectViewKeys(assistant, ASSISTANT_VIEW_KEYS, 'assistant');
    expectViewKeys(assistant.statistics, ASSISTANT_STATISTICS_KEYS, 'assistant.statistics');
    expectIsoDates(assistant, ['createdAt', 'updatedAt'], 'assistant');
    const assistants = await get('/api/assistants');
    expectViewKeys(assistants, PAGE_KEYS, 'assistants page');
    each(assistants.items, ASSISTANT_VIEW_KEYS, 'assistants');

    const template = (await t.http().post('/api/templates').set(user.auth).send({ name: 'Greeting', promptText: 'Hello {{name}}' }).expect(201)).body;
    expectViewKeys(template, TEMPLATE_VIEW_KEYS, 'template');
    expectViewKeys(await get('/api/templates'), PAGE_KEYS, 'templates page');
    const linked = (await t.http().put(`/api/assistants/${assistant.id}/templates/${template.id}`).set(user.auth).expect(200)).body;
    each(linked, ASSISTANT_TEMPLATE_VIEW_KEYS, 'linked templates');
    each(
      linked.map((l: { link: unknown }) => l.link),
      TEMPLATE_LINK_VIEW_KEYS,
      'linked templates .link',
    );
    // Someone else's template, changed since it was linked: the newer version is offered.
    const author = await registerUser(t, 'views-author');
    const theirs = (await t.http().post('/api/templates').set(author.auth).send({ name: 'Theirs', promptText: 'Old', isPublic: true }).expect(201)).body;
    await t.http().put(`/api/assistants/${assistant.id}/templates/${theirs.id}`).set(user.auth).expect(200);
    await t.http().patch(`/api/templates/${theirs.id}`).set(author.auth).send({ promptText: 'New' }).expect(200);
    const pinned = ((await get(`/api/assistants/${assistant.id}/templates`)) as { id: string; link: { latest: object } }[]).find((l) => l.id === theirs.id)!;
    expectViewKeys(pinned.link.latest, TEMPLATE_VERSION_VIEW_KEYS, 'linked template .link.latest');
    expectIsoDates(pinned.link as unknown as Record<string, unknown>, ['linkedAt', 'versionAt'], 'linked template .link');
    const rendered = (await t.http().post(`/api/templates/${template.id}/render`).set(user.auth).send({ variables: {} }).expect(200)).body;
    expectViewKeys(rendered, RENDERED_TEMPLATE_VIEW_KEYS, 'rendered template');

    const conversation = (await t.http().post('/api/conversations').set(user.auth).send({ assistantId: assistant.id }).expect(201)).body;
    expectViewKeys(conversation, CONVERSATION_VIEW_KEYS, 'conversation');
    expectIsoDates(conversation, ['lastMessageAt', 'createdAt', 'updatedAt'], 'conversation');
    const conversations = await get('/api/conversations');
    expectViewKeys(conversations, PAGE_KEYS, 'conversations page');
    each(conversations.items, CONVERSATION_VIEW_KEYS, 'conversations');
  });

  it('documents, tasks and messages through a whole turn', async () => {
    const assistant = (await t.http().post('/api/assistants').set(user.auth).send({ name: 'Knowing' }).expect(201)).body;
    const upload = (
      await t
        .http()
        .post(`/api/assistants/${assistant.id}/documents`)
        .set(user.auth)
        .attach('file', Buffer.from('Parental leave is sixteen weeks at full pay.'), { filename: 'policy.txt', contentType: 'text/plain' })
        .expect(202)
    ).body;
    expectViewKeys(upload, UPLOADED_DOCUMENT_VIEW_KEYS, 'upload');
    expectViewKeys(upload.document, DOCUMENT_VIEW_KEYS, 'upload.document');
    const ingest = await waitForTask({ t }, { user }, upload.taskId);
    expectViewKeys(ingest, TASK_VIEW_KEYS, 'ingest task');
    expect(Object.keys(ingest)).toContain('document');
    expectViewKeys(ingest.document, DOCUMENT_VIEW_KEYS, 'ingest task.document');
    each(await get(`/api/assistants/${assistant.id}/documents`), DOCUMENT_VIEW_KEYS, 'documents');

    const conversation = (await t.http().post('/api/conversations').set(user.auth).send({ assistantId: assistant.id }).expect(201)).body;
    const turn = (
      await t.http().post(`/api/conversations/${conversation.id}/messages`).set(user.auth).send({ content: 'How long is parental leave?' }).expect(202)
    ).body;
    expectViewKeys(turn, ACCEPTED_TURN_VIEW_KEYS, 'accepted turn');
    expectViewKeys(turn.userMessage, MESSAGE_VIEW_KEYS, 'accepted turn.userMessage');

    const task = await waitForTask({ t }, { user }, turn.taskId);
    expect(task.status).toBe('done');
    expectViewKeys(task, TASK_VIEW_KEYS, 'chat task');
    expectIsoDates(task, ['createdAt', 'updatedAt', 'finishedAt'], 'chat task');
    const answer = task.message;
    expectViewKeys(answer, MESSAGE_VIEW_KEYS, 'answer');
    expectViewKeys(answer.usage, MESSAGE_USAGE_KEYS, 'answer.usage');
    expectViewKeys(answer.timings, MESSAGE_TIMINGS_KEYS, 'answer.timings');
    expectViewKeys(answer.llmRequest, LLM_REQUEST_VIEW_KEYS, 'answer.llmRequest');
    each(answer.searchResults, MESSAGE_SOURCE_KEYS, 'answer.searchResults');

    const messages = await get(`/api/conversations/${conversation.id}/messages`);
    expectViewKeys(messages, CURSOR_PAGE_KEYS, 'messages page');
    each(messages.items, MESSAGE_VIEW_KEYS, 'messages');

    const removal = (await t.http().delete(`/api/documents/${upload.document.id}`).set(user.auth).expect(202)).body;
    expectViewKeys(removal, DOCUMENT_REMOVAL_VIEW_KEYS, 'document removal');
  });

  it("tool servers and an assistant's tools", async () => {
    // Private networks are refused here: the server is added with the refusal as its status (the
    // listed tools' own keys are checked against a real server in test/tools).
    const body = { name: 'Viewed', transport: 'http', url: 'http://10.0.0.1/mcp', headers: { 'x-key': 'value' } };
    const server = (await t.http().post('/api/tool-servers').set(user.auth).send(body).expect(201)).body;
    expectViewKeys(server, TOOL_SERVER_VIEW_KEYS, 'tool server');
    expectIsoDates(server, ['refreshedAt', 'createdAt', 'updatedAt'], 'tool server');
    each(await get('/api/tool-servers'), TOOL_SERVER_VIEW_KEYS, 'tool servers');
    expectViewKeys((await t.http().post(`/api/tool-servers/${server.id}/refresh`).set(user.auth).expect(200)).body, TOOL_SERVER_VIEW_KEYS, 'refreshed');

    const assistant = (await t.http().post('/api/assistants').set(user.auth).send({ name: 'Tooled' }).expect(201)).body;
    const tools = { tools: [{ serverId: server.id, name: '*' }, { builtin: 'search_knowledge' }] };
    const linked = (await t.http().put(`/api/assistants/${assistant.id}/tools`).set(user.auth).send(tools).expect(200)).body;
    expectViewKeys(linked, ASSISTANT_TOOLS_VIEW_KEYS, 'assistant tools');
    each(linked.tools, ASSISTANT_TOOL_VIEW_KEYS, 'assistant tools.tools');
    expectViewKeys(await get(`/api/assistants/${assistant.id}/tools`), ASSISTANT_TOOLS_VIEW_KEYS, 'assistant tools (read)');
  });

  it('the OpenAPI document describes each response body with the keys of its view', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body;
    const undocumented: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, operation] of Object.entries(operations)) {
        const success = Object.entries(operation.responses as Record<string, any>).filter(([status]) => /^2\d\d$/.test(status) && status !== '204');
        if (success.length && !success.some(([, response]) => response.content?.['application/json']?.schema)) undocumented.push(`${method} ${path}`);
      }
    }
    expect(undocumented).toEqual([]);
    const assistant = doc.paths['/api/assistants/{id}'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(assistant.properties)).toEqual(Object.keys(ASSISTANT_VIEW_KEYS));
    expect(assistant.required).toContain('statistics');
    const task = doc.paths['/api/tasks/{taskId}'].get.responses['200'].content['application/json'].schema;
    expect(task.required).not.toContain('message');
    expect(Object.keys(task.properties.message.properties)).toEqual(Object.keys(MESSAGE_VIEW_KEYS));
    // The usage report is documented by its DTO classes, which `implements` keeps from missing a key but not from adding one.
    const schemas = doc.components.schemas as Record<string, { properties: object }>;
    const usage = { UsageReport: USAGE_REPORT_VIEW_KEYS, UsageFigures: USAGE_FIGURES_KEYS, UsageBucket: USAGE_BUCKET_KEYS, UsageTool: USAGE_TOOL_KEYS };
    for (const [name, keys] of Object.entries(usage)) expect([name, Object.keys(schemas[name].properties).sort()]).toEqual([name, Object.keys(keys).sort()]);
  });

  it('the OpenAPI document describes each request body and list query with the keys of its interface in libs/common', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body;
    const schemas = doc.components.schemas as Record<string, { properties?: object; required?: string[] }>;
    const declared = (keys: ViewKeys<object>) => ({ keys: Object.keys(keys).sort(), required: requiredKeys(keys).sort() });
    const bodies: Record<string, unknown> = {};
    const queries: Record<string, unknown> = {};
    for (const [path, operations] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, operation] of Object.entries(operations)) {
        const ref: string | undefined = operation.requestBody?.content?.['application/json']?.schema?.$ref;
        if (ref) {
          const schema = schemas[ref.split('/').pop()!];
          bodies[`${method} ${path}`] = { keys: Object.keys(schema.properties ?? {}).sort(), required: [...(schema.required ?? [])].sort() };
        }
        const query = ((operation.parameters ?? []) as { in: string; name: string; required?: boolean }[]).filter((p) => p.in === 'query');
        if (query.length)
          queries[`${method} ${path}`] = {
            keys: query.map((p) => p.name).sort(),
            required: query
              .filter((p) => p.required)
              .map((p) => p.name)
              .sort(),
          };
      }
    }
    // The /v1 request is OpenAI's shape, which OpenAI clients send; it has no interface of ours.
    delete bodies['post /v1/chat/completions'];
    expect(bodies).toEqual(Object.fromEntries(Object.entries(REQUEST_BODY_KEYS).map(([operation, keys]) => [operation, declared(keys)])));
    expect(queries).toEqual(Object.fromEntries(Object.entries(QUERY_KEYS).map(([operation, keys]) => [operation, declared(keys)])));
  });

  it('problems, plain and with validation errors', async () => {
    expectViewKeys(expectProblem(await t.http().get('/api/assistants/00000000-0000-0000-0000-000000000000').set(user.auth), 404), PROBLEM_KEYS, '404');
    const invalid = expectProblem(await t.http().post('/api/assistants').set(user.auth).send({ name: '' }), 400);
    expectViewKeys(invalid, PROBLEM_KEYS, '400');
    expect(invalid.errors?.length).toBeGreaterThan(0);
  });
});
