import { PostgresAssistantToolStore, PostgresToolServerStore, SecretBox } from '@assistants/adapters';
import { createToolDeps } from '@assistants/runtime';
import { ASSISTANT_TOOL_VIEW_KEYS, ASSISTANT_TOOLS_VIEW_KEYS } from '@assistants/common';
import { expectProblem, loginAdmin, registerUser, startTestApp, type TestApp, type TestUser } from '../support/api-app';
import { EVERYTHING_STDIO, type RunningMcpServer, startEverythingOverHttp } from '../support/mcp-servers';
import { expectViewKeys } from '../support/view-keys';

/** The tools of an assistant: linking servers' tools over HTTP, and what a turn gets from linkedTools(). */
describe("an assistant's tools", () => {
  let t: TestApp;
  let everything: RunningMcpServer;
  let admin: TestUser;
  let owner: TestUser;
  let other: TestUser;
  /** The owner's server (not shared) and its tools as listed. */
  let server: { id: string; tools: { name: string; annotations: { readOnlyHint?: boolean } | null }[] };

  const put = (who: TestUser, assistantId: string, body: object) => t.http().put(`/api/assistants/${assistantId}/tools`).set(who.auth).send(body);
  const assistantOf = async (who: TestUser) =>
    (await t.http().post('/api/assistants').set(who.auth).send({ name: 'With tools' }).expect(201)).body.id as string;
  const serverOf = async (who: TestUser, name = 'Everything') =>
    (
      await t
        .http()
        .post('/api/tool-servers')
        .set(who.auth)
        .send({ name, transport: 'http', url: everything.url, headers: { 'x-key': 'key-value' } })
        .expect(201)
    ).body;
  const linked = (assistantId: string) => t.app.get(PostgresAssistantToolStore).linkedTools(assistantId);

  beforeAll(async () => {
    everything = await startEverythingOverHttp();
    t = await startTestApp({ TOOLS_ALLOW_PRIVATE_NETWORKS: 'true', TOOLS_STDIO: 'true' });
    [admin, owner, other] = await Promise.all([loginAdmin(t), registerUser(t, 'tools-owner'), registerUser(t, 'tools-other')]);
    server = await serverOf(owner);
    expect(server.tools.length).toBeGreaterThan(5);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await everything?.stop();
  });

  it('starts empty, with the default rounds', async () => {
    const id = await assistantOf(owner);
    const view = (await t.http().get(`/api/assistants/${id}/tools`).set(owner.auth).expect(200)).body;
    expectViewKeys(view, ASSISTANT_TOOLS_VIEW_KEYS, 'assistant tools');
    expect(view).toEqual({ tools: [], maxToolRounds: 5 });
    expect(await linked(id)).toEqual({ tools: [], maxToolRounds: 5 });
  });

  it('replaces the list; approval defaults to never for read-only tools and always otherwise', async () => {
    const id = await assistantOf(owner);
    const body = {
      tools: [
        { serverId: server.id, name: 'echo' },
        { serverId: server.id, name: 'gzip-file-as-resource' },
        { serverId: server.id, name: 'get-sum', approval: 'always' },
        { builtin: 'search_knowledge' },
      ],
      maxToolRounds: 3,
    };
    const view = (await put(owner, id, body).expect(200)).body;
    view.tools.forEach((entry: object, i: number) => expectViewKeys(entry, ASSISTANT_TOOL_VIEW_KEYS, `tools[${i}]`));
    expect(view).toEqual({
      maxToolRounds: 3,
      tools: [
        { serverId: server.id, server: 'Everything', builtin: null, name: 'echo', approval: 'never', approvalIsDefault: true },
        { serverId: server.id, server: 'Everything', builtin: null, name: 'gzip-file-as-resource', approval: 'always', approvalIsDefault: true },
        { serverId: server.id, server: 'Everything', builtin: null, name: 'get-sum', approval: 'always', approvalIsDefault: false },
        { serverId: null, server: null, builtin: 'search_knowledge', name: 'search_knowledge', approval: 'never', approvalIsDefault: true },
      ],
    });
    expect((await t.http().get(`/api/assistants/${id}/tools`).set(owner.auth).expect(200)).body).toEqual(view);

    const star = (await put(owner, id, { tools: [{ serverId: server.id, name: '*' }] }).expect(200)).body;
    // server-everything lists tools that change state, so "*" asks by default; the rounds go back to the default.
    expect(star).toEqual({
      maxToolRounds: 5,
      tools: [{ serverId: server.id, server: 'Everything', builtin: null, name: '*', approval: 'always', approvalIsDefault: true }],
    });
  });

  it('refuses bad lists with 400 problems: unknown tools by name, rounds out of bounds, duplicates, half entries', async () => {
    const id = await assistantOf(owner);
    const unknown = expectProblem(
      await put(owner, id, {
        tools: [
          { serverId: server.id, name: 'echo' },
          { serverId: server.id, name: 'no-such-tool' },
        ],
      }),
      400,
    );
    expect(unknown.errors).toEqual([{ field: 'tools.1.name', messages: [expect.stringMatching(/"Everything" lists no tool named "no-such-tool"/)] }]);
    const cases: [object, string][] = [
      [{ tools: [], maxToolRounds: 0 }, 'maxToolRounds'],
      [{ tools: [], maxToolRounds: 21 }, 'maxToolRounds'],
      [{ tools: [], maxToolRounds: 2.5 }, 'maxToolRounds'],
      [{ tools: [{ builtin: 'search_knowledge' }, { builtin: 'search_knowledge' }] }, 'tools.1'],
      [
        {
          tools: [
            { serverId: server.id, name: '*' },
            { serverId: server.id, name: '*' },
          ],
        },
        'tools.1',
      ],
      [{ tools: [{ serverId: server.id }] }, 'tools.0'],
      [{ tools: [{ name: 'echo' }] }, 'tools.0'],
      [{ tools: [{ builtin: 'search_knowledge', serverId: server.id }] }, 'tools.0'],
      [{ tools: [{ builtin: 'run_shell' }] }, 'tools.0.builtin'],
      [{ tools: [{ serverId: server.id, name: 'echo', approval: 'sometimes' }] }, 'tools.0.approval'],
      [{ tools: [{ serverId: 'not-a-uuid', name: 'echo' }] }, 'tools.0.serverId'],
      [{ tools: Array.from({ length: 101 }, () => ({ builtin: 'search_knowledge' })) }, 'tools'],
      [{ tools: [null] }, 'tools.0'],
      [{}, 'tools'],
    ];
    for (const [body, field] of cases) {
      const problem = expectProblem(await put(owner, id, body), 400);
      expect({ body, fields: problem.errors.map((e: { field: string }) => e.field) }).toEqual({ body, fields: expect.arrayContaining([field]) });
    }
    await put(owner, id, { tools: [], maxToolRounds: 20 }).expect(200);
    await put(owner, id, { tools: [], maxToolRounds: 1 }).expect(200);
  });

  it("lets only the assistant's owner or an admin change its tools, and only with servers both may use", async () => {
    const id = await assistantOf(owner);
    expectProblem(await put(other, id, { tools: [] }), 403);
    expectProblem(await t.http().put(`/api/assistants/${id}/tools`).send({ tools: [] }), 401);
    await put(admin, id, { tools: [{ serverId: server.id, name: 'echo' }] }).expect(200);
    expectProblem(await put(owner, id, { tools: [{ serverId: '00000000-0000-4000-8000-000000000000', name: 'echo' }] }), 404);

    // Another member's server, not shared: neither seen nor linked; shared by an admin: both.
    const theirs = await assistantOf(other);
    const link = { tools: [{ serverId: server.id, name: '*' }] };
    expect(expectProblem(await put(other, theirs, link), 403).detail).toMatch(/neither yours nor shared/);
    // An admin may use any server, but the assistant's owner must be able to as well.
    expect(expectProblem(await put(admin, theirs, link), 403).detail).toMatch(/assistant's owner may not use/);
    await t.http().patch(`/api/tool-servers/${server.id}`).set(admin.auth).send({ shared: true }).expect(200);
    try {
      await put(other, theirs, link).expect(200);
    } finally {
      await t.http().patch(`/api/tool-servers/${server.id}`).set(admin.auth).send({ shared: false }).expect(200);
    }
  });

  it('linkedTools(): "*" expanded to what the server lists, names it no longer lists left out, approvals defaulted, the built-in described', async () => {
    const mine = await serverOf(owner, 'Mine');
    const id = await assistantOf(owner);
    await put(owner, id, {
      tools: [
        { serverId: mine.id, name: '*' },
        { serverId: mine.id, name: 'echo', approval: 'always' },
        { builtin: 'search_knowledge' },
        { serverId: server.id, name: 'get-sum' },
      ],
      maxToolRounds: 7,
    }).expect(200);
    const { tools, maxToolRounds } = await linked(id);
    expect(maxToolRounds).toBe(7);
    const names = tools.map((tool) => `${tool.server}/${tool.name}`);
    expect(names).toEqual([
      ...mine.tools.map((tool: { name: string }) => `Mine/${tool.name}`).filter((n: string) => n !== 'Mine/echo'),
      'Mine/echo',
      'builtin/search_knowledge',
      'Everything/get-sum',
    ]);
    for (const tool of tools.filter((tool) => tool.serverId === mine.id && tool.name !== 'echo')) {
      const listed = mine.tools.find((l: { name: string }) => l.name === tool.name);
      expect(tool).toEqual({
        serverId: mine.id,
        server: 'Mine',
        builtin: null,
        name: listed.name,
        description: listed.description ?? '',
        inputSchema: listed.inputSchema,
        annotations: listed.annotations,
        approval: listed.annotations?.readOnlyHint === true ? 'never' : 'always',
      });
    }
    expect(tools.find((tool) => tool.name === 'echo')!.approval).toBe('always');
    expect(tools.find((tool) => tool.name === 'gzip-file-as-resource')!.approval).toBe('always');
    expect(tools.find((tool) => tool.name === 'get-sum' && tool.serverId === mine.id)!.approval).toBe('never');
    expect(tools.find((tool) => tool.builtin)).toEqual({
      serverId: null,
      server: 'builtin',
      builtin: 'search_knowledge',
      name: 'search_knowledge',
      description: expect.stringMatching(/knowledge base/),
      inputSchema: { type: 'object', properties: { query: { type: 'string', description: expect.any(String) } }, required: ['query'] },
      annotations: { readOnlyHint: true },
      approval: 'never',
    });

    // The server no longer lists get-sum (as a refresh would store it): the explicit entry is left out.
    await t.prisma.toolServer.update({
      where: { id: server.id },
      data: { tools: server.tools.filter((tool) => tool.name !== 'get-sum') as object[] },
    });
    try {
      expect((await linked(id)).tools.map((tool) => `${tool.server}/${tool.name}`)).not.toContain('Everything/get-sum');
    } finally {
      await t.prisma.toolServer.update({ where: { id: server.id }, data: { tools: server.tools as object[] } });
    }
  });

  it("linkedTools() and toolServerConnection() weigh the owner's rights at the time of the call: a server un-shared since is not used", async () => {
    const shared = await serverOf(admin, 'Shared by an admin');
    await t.http().patch(`/api/tool-servers/${shared.id}`).set(admin.auth).send({ shared: true }).expect(200);
    const id = await assistantOf(other);
    await put(other, id, { tools: [{ serverId: shared.id, name: 'echo' }, { builtin: 'search_knowledge' }] }).expect(200);
    const servers = t.app.get(PostgresToolServerStore);
    expect((await linked(id)).tools.map((tool) => tool.name)).toEqual(['echo', 'search_knowledge']);
    expect(await servers.toolServerConnection(shared.id, id)).toMatchObject({
      name: 'Shared by an admin',
      connection: { transport: 'http', url: everything.url },
    });

    await t.http().patch(`/api/tool-servers/${shared.id}`).set(admin.auth).send({ shared: false }).expect(200);
    expect((await linked(id)).tools.map((tool) => tool.name)).toEqual(['search_knowledge']);
    expect(await servers.toolServerConnection(shared.id, id)).toBeNull();
    // The link stays, for the day it is shared again; an assistant that never linked the server gets nothing either.
    expect((await t.http().get(`/api/assistants/${id}/tools`).set(other.auth).expect(200)).body.tools).toHaveLength(2);
    expect(await servers.toolServerConnection(shared.id, await assistantOf(admin))).toBeNull();

    // An admin owner may use any server.
    const adminsAssistant = await assistantOf(admin);
    await put(admin, adminsAssistant, { tools: [{ serverId: server.id, name: 'echo' }] }).expect(200);
    expect((await linked(adminsAssistant)).tools.map((tool) => tool.name)).toEqual(['echo']);
    expect(await servers.toolServerConnection(server.id, adminsAssistant)).not.toBeNull();
  });

  it("a turn's claim of a call reads its server, checked for the call's assistant, in the same statement (and so does the catalog)", async () => {
    const shared = await serverOf(admin, 'Shared, then not');
    await t.http().patch(`/api/tool-servers/${shared.id}`).set(admin.auth).send({ shared: true }).expect(200);
    const id = await assistantOf(other);
    await put(other, id, { tools: [{ serverId: shared.id, name: 'echo' }] }).expect(200);
    const tools = createToolDeps(t.config, t.prisma, t.db.sql);
    const [conversation] = await t.db.sql.query<{ id: string }>(
      `INSERT INTO conversations (id, assistant_id, user_id, title, updated_at) VALUES (gen_random_uuid(), $1, $2, 't', now()) RETURNING id`,
      [id, other.id],
    );
    const [message] = await t.db.sql.query<{ id: string }>(
      `INSERT INTO messages (id, conversation_id, role, content, status, updated_at) VALUES (gen_random_uuid(), $1, 'assistant', '', 'streaming', now()) RETURNING id`,
      [conversation.id],
    );
    const call = (i: number) => ({
      modelCallId: `call_${i}`,
      serverId: shared.id,
      server: shared.name,
      name: 'echo',
      builtin: null,
      arguments: '{}',
      needsApproval: false,
      retryable: false,
      status: 'running' as const,
      error: null,
      approvalDeadline: null,
    });
    const [first, second] = await tools.calls.recordRound({ messageId: message.id, taskId: `chat-${conversation.id}`, assistantId: id }, 0, '', [
      call(0),
      call(1),
    ]);

    const claimed = await tools.claim(first.id);
    expect(claimed?.call).toMatchObject({ id: first.id, status: 'running', startedAt: expect.any(Date) });
    expect(claimed?.server).toEqual({ name: 'Shared, then not', connection: { transport: 'http', url: everything.url, headers: { 'x-key': 'key-value' } } });
    // Claimed once only: a later attempt finds it started.
    expect(await tools.claim(first.id)).toBeNull();

    await t.http().patch(`/api/tool-servers/${shared.id}`).set(admin.auth).send({ shared: false }).expect(200);
    expect((await tools.claim(second.id))?.server).toBeNull();
    expect(await tools.catalog.toolServerConnection(shared.id, id)).toBeNull();
    await tools.close();
  });

  it('leaves stdio servers out while TOOLS_STDIO is off', async () => {
    const stdio = (
      await t
        .http()
        .post('/api/tool-servers')
        .set(admin.auth)
        .send({ name: 'Local', transport: 'stdio', ...EVERYTHING_STDIO })
        .expect(201)
    ).body;
    const id = await assistantOf(admin);
    await put(admin, id, { tools: [{ serverId: stdio.id, name: 'echo' }] }).expect(200);
    expect((await linked(id)).tools.map((tool) => tool.name)).toEqual(['echo']);
    const off = { stdio: false, sql: t.db.sql };
    expect((await new PostgresAssistantToolStore(t.prisma, off).linkedTools(id)).tools).toEqual([]);
    expect(await new PostgresToolServerStore(t.prisma, t.app.get(SecretBox), off).toolServerConnection(stdio.id)).toBeNull();
  });

  it('goes with its server: deleting the server removes its entries', async () => {
    const doomed = await serverOf(owner, 'Doomed');
    const id = await assistantOf(owner);
    await put(owner, id, { tools: [{ serverId: doomed.id, name: '*' }, { builtin: 'search_knowledge' }] }).expect(200);
    await t.http().delete(`/api/tool-servers/${doomed.id}`).set(owner.auth).expect(204);
    expect((await t.http().get(`/api/assistants/${id}/tools`).set(owner.auth).expect(200)).body.tools.map((e: { name: string }) => e.name)).toEqual([
      'search_knowledge',
    ]);
  });
});
