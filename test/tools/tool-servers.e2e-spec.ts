import { createSecretBox, MASKED_SECRET, PostgresToolServerStore } from '@assistants/adapters';
import { LISTED_TOOL_VIEW_KEYS, TOOL_SERVER_VIEW_KEYS } from '@assistants/common';
import { statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import type request from 'supertest';
import { expectProblem, loginAdmin, registerUser, startTestApp, type TestApp, type TestUser } from '../support/api-app';
import { EVERYTHING_STDIO, type RunningMcpServer, startEverythingOverHttp } from '../support/mcp-servers';
import { expectIsoDates, expectViewKeys } from '../support/view-keys';

const SECRET = 'sk-live-7f3a9c1e-never-show-me';
const ENV_SECRET = 'env-value-4b2d-never-show-me';

/** Tool servers over HTTP against the real server-everything (Streamable HTTP and stdio). */
describe('tool servers', () => {
  let t: TestApp;
  let everything: RunningMcpServer;
  let admin: TestUser;
  let member: TestUser;
  let other: TestUser;
  /** Every response body of this file, searched for the secrets at the end. */
  const bodies: string[] = [];

  const send = async (req: request.Test) => {
    const res = await req;
    bodies.push(res.text ?? '');
    return res;
  };
  const post = (who: TestUser, path: string, body: object) => send(t.http().post(path).set(who.auth).send(body));
  const patch = (who: TestUser, path: string, body: object) => send(t.http().patch(path).set(who.auth).send(body));
  const get = (who: TestUser, path: string) => send(t.http().get(path).set(who.auth));
  const store = () => t.app.get(PostgresToolServerStore);
  const httpServer = (who: TestUser, extra: object = {}) =>
    post(who, '/api/tool-servers', { name: 'Everything', transport: 'http', url: everything.url, headers: { 'x-api-key': SECRET }, ...extra });

  beforeAll(async () => {
    everything = await startEverythingOverHttp();
    t = await startTestApp({ TOOLS_ALLOW_PRIVATE_NETWORKS: 'true', TOOLS_STDIO: 'true' });
    [admin, member, other] = await Promise.all([loginAdmin(t), registerUser(t, 'tools-member'), registerUser(t, 'tools-other')]);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await everything?.stop();
  });

  it('adds an http server: lists its tools with their annotations, and shows header names with masked values', async () => {
    const res = await httpServer(member);
    expect(res.status).toBe(201);
    const server = res.body;
    expectViewKeys(server, TOOL_SERVER_VIEW_KEYS, 'tool server');
    expectIsoDates(server, ['refreshedAt', 'createdAt', 'updatedAt'], 'tool server');
    expect(server).toMatchObject({
      transport: 'http',
      url: everything.url,
      headers: { 'x-api-key': MASKED_SECRET },
      ownerId: member.id,
      status: 'ok',
      shared: false,
    });
    expect(server.refreshedAt).not.toBeNull();
    server.tools.forEach((tool: object, i: number) => expectViewKeys(tool, LISTED_TOOL_VIEW_KEYS, `tools[${i}]`));
    const byName = new Map<string, any>(server.tools.map((tool: { name: string }) => [tool.name, tool]));
    expect(byName.get('echo')).toMatchObject({ description: expect.any(String), inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } });
    expect(byName.get('gzip-file-as-resource').annotations.readOnlyHint).toBe(false);
    expect((await get(member, `/api/tool-servers/${server.id}`)).body.tools).toHaveLength(server.tools.length);
  });

  it('keeps header values sealed in the database, with the key it made in DATA_DIR, and opens them for the worker', async () => {
    const { id } = (await httpServer(member)).body;
    const [row] = await t.db.sql.query<{ secrets: string; header_names: string[]; whole: string }>(
      `SELECT secrets, header_names, row_to_json(s)::text AS whole FROM tool_servers s WHERE id = $1`,
      [id],
    );
    expect(row.header_names).toEqual(['x-api-key']);
    expect(row.secrets).toMatch(/^v1:/);
    expect(row.whole).not.toContain(SECRET);
    const keyFile = join(t.config.dataDir, 'secrets-key');
    expect(statSync(keyFile).mode & 0o077).toBe(0);
    expect(JSON.parse(createSecretBox(t.config).open(row.secrets))).toEqual({ headers: { 'x-api-key': SECRET }, env: {} });
    expect(await store().toolServerConnection(id)).toEqual({
      name: 'Everything',
      connection: { transport: 'http', url: everything.url, headers: { 'x-api-key': SECRET } },
    });
    expect(await store().toolServerConnection('00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('refreshes: lists again and stores when; a server that went away keeps its tools and says why', async () => {
    const server = (await httpServer(member)).body;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const refreshed = (await send(t.http().post(`/api/tool-servers/${server.id}/refresh`).set(member.auth))).body;
    expect(refreshed.status).toBe('ok');
    expect(Date.parse(refreshed.refreshedAt)).toBeGreaterThan(Date.parse(server.refreshedAt));
    expect(refreshed.tools).toEqual(server.tools);

    const leaving = await startEverythingOverHttp();
    const gone = (await post(member, '/api/tool-servers', { name: 'Leaving', transport: 'http', url: leaving.url })).body;
    expect(gone.tools.length).toBeGreaterThan(0);
    await leaving.stop();
    const failed = (await send(t.http().post(`/api/tool-servers/${gone.id}/refresh`).set(member.auth).expect(200))).body;
    expect(failed.status).toBe(`Could not connect to ${leaving.url}: connection refused`);
    expect(failed.tools).toEqual(gone.tools);
    expect(failed.refreshedAt).toBe(gone.refreshedAt);
  });

  it('PATCH: "••••" keeps a stored value, a new value replaces it, a name left out is removed; renaming does not connect', async () => {
    const server = (await httpServer(member)).body;
    const both = (await patch(member, `/api/tool-servers/${server.id}`, { headers: { 'x-api-key': MASKED_SECRET, 'x-team': 'blue-team-value' } })).body;
    expect(both.headers).toEqual({ 'x-api-key': MASKED_SECRET, 'x-team': MASKED_SECRET });
    expect(both.status).toBe('ok');
    expect((await store().toolServerConnection(server.id))!.connection).toMatchObject({ headers: { 'x-api-key': SECRET, 'x-team': 'blue-team-value' } });

    const replaced = (await patch(member, `/api/tool-servers/${server.id}`, { headers: { 'x-team': 'red-team-value' } })).body;
    expect(replaced.headers).toEqual({ 'x-team': MASKED_SECRET });
    expect((await store().toolServerConnection(server.id))!.connection).toMatchObject({ headers: { 'x-team': 'red-team-value' } });

    const renamed = (await patch(member, `/api/tool-servers/${server.id}`, { name: 'Renamed' })).body;
    expect({ name: renamed.name, refreshedAt: renamed.refreshedAt, headers: renamed.headers }).toEqual({
      name: 'Renamed',
      refreshedAt: replaced.refreshedAt,
      headers: { 'x-team': MASKED_SECRET },
    });
    const unknown = expectProblem(await patch(member, `/api/tool-servers/${server.id}`, { headers: { 'x-nothing': MASKED_SECRET } }), 400);
    expect(unknown.errors[0]).toMatchObject({ field: 'headers', messages: [expect.stringMatching(/x-nothing.*none is stored/)] });
  });

  it('runs a stdio server (admins, TOOLS_STDIO=true) with its environment sealed; members may not add one', async () => {
    const body = { name: 'Everything (stdio)', transport: 'stdio', ...EVERYTHING_STDIO, env: { GIVEN_TO_SERVER: ENV_SECRET } };
    const server = (await post(admin, '/api/tool-servers', body)).body;
    expect(server).toMatchObject({ transport: 'stdio', command: process.execPath, env: { GIVEN_TO_SERVER: MASKED_SECRET }, url: null, status: 'ok' });
    expect(server.tools.map((tool: { name: string }) => tool.name)).toContain('get-env');
    expect((await store().toolServerConnection(server.id))!.connection).toEqual({
      transport: 'stdio',
      ...EVERYTHING_STDIO,
      env: { GIVEN_TO_SERVER: ENV_SECRET },
    });
    expect((await send(t.http().post(`/api/tool-servers/${server.id}/refresh`).set(admin.auth).expect(200))).body.status).toBe('ok');

    const refused = expectProblem(await post(member, '/api/tool-servers', body), 403);
    expect(refused.detail).toMatch(/Only administrators may add or change stdio tool servers/);
    const missing = (await post(admin, '/api/tool-servers', { name: 'Nothing', transport: 'stdio', command: 'no-such-command-for-tools' })).body;
    expect(missing.status).toBe('Could not start no-such-command-for-tools: no such command');
  });

  it('refuses bad input with 400 problems naming the field', async () => {
    const base = { name: 'Bad', transport: 'http', url: everything.url };
    const cases: [object, string][] = [
      [{ ...base, url: undefined }, 'url'],
      [{ ...base, url: 'ftp://example.com/mcp' }, 'url'],
      [{ ...base, url: 'not a url' }, 'url'],
      [{ ...base, url: 'https://user:pass@example.com/mcp' }, 'url'],
      [{ ...base, name: 'n'.repeat(101) }, 'name'],
      [{ ...base, name: '   ' }, 'name'],
      [{ ...base, transport: 'carrier-pigeon' }, 'transport'],
      [{ ...base, headers: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`x-h${i}`, 'v'])) }, 'headers'],
      [{ ...base, headers: { 'bad name': 'v' } }, 'headers'],
      [{ ...base, headers: { 'x-key': 'line\r\nx-injected: 1' } }, 'headers'],
      [{ ...base, headers: { Host: 'elsewhere' } }, 'headers'],
      [{ ...base, headers: { 'x-key': 'v'.repeat(8001) } }, 'headers'],
      [{ ...base, headers: { 'x-key': MASKED_SECRET } }, 'headers'],
      [{ ...base, headers: { 'x-key': 5 } }, 'headers.x-key'],
      [{ ...base, command: 'ls' }, 'command'],
      [{ name: 'S', transport: 'stdio' }, 'command'],
      [{ name: 'S', transport: 'stdio', command: 'ls', args: Array.from({ length: 101 }, () => 'a') }, 'args'],
      [{ name: 'S', transport: 'stdio', command: 'ls', env: { '1BAD': 'v' } }, 'env'],
      [{ name: 'S', transport: 'stdio', command: 'ls', url: everything.url }, 'url'],
    ];
    for (const [body, field] of cases) {
      const problem = expectProblem(await post(admin, '/api/tool-servers', body), 400);
      expect({ body, fields: problem.errors.map((e: { field: string }) => e.field) }).toEqual({ body, fields: expect.arrayContaining([field]) });
    }
    const server = (await httpServer(member)).body;
    expectProblem(await patch(member, `/api/tool-servers/${server.id}`, { transport: 'stdio' }), 400);
    expectProblem(await patch(member, `/api/tool-servers/${server.id}`, { url: null }), 400);
  });

  it('lets only admins share; a member reads a shared server of someone else, never an unshared one, and changes neither', async () => {
    expectProblem(await httpServer(member, { shared: true }), 403);
    const server = (await httpServer(member)).body;
    const path = `/api/tool-servers/${server.id}`;
    expect(expectProblem(await get(other, path), 403).detail).toMatch(/neither yours nor shared/);
    expect((await get(other, '/api/tool-servers')).body.map((s: { id: string }) => s.id)).not.toContain(server.id);
    expect((await get(admin, '/api/tool-servers')).body.map((s: { id: string }) => s.id)).toContain(server.id);
    expectProblem(await patch(member, path, { shared: true }), 403);

    const shared = (await patch(admin, path, { shared: true })).body;
    expect(shared.shared).toBe(true);
    const seen = (await get(other, path)).body;
    expect(seen.headers).toEqual({ 'x-api-key': MASKED_SECRET });
    expect((await get(other, '/api/tool-servers')).body.map((s: { id: string }) => s.id)).toContain(server.id);
    for (const req of [
      t.http().patch(path).set(other.auth).send({ name: 'Mine now' }),
      t.http().post(`${path}/refresh`).set(other.auth),
      t.http().delete(path).set(other.auth),
    ]) {
      expect(expectProblem(await send(req), 403).detail).toMatch(/Only the owner or an administrator/);
    }
    expectProblem(await patch(member, path, { shared: false }), 403);
    await send(t.http().delete(path).set(member.auth).expect(204));
    expectProblem(await get(member, path), 404);
  });

  it('answers an API key by its scopes: read lists, admin manages', async () => {
    const key = async (scope: string) => (await post(member, '/api/auth/api-keys', { name: `tools-${scope}`, scopes: [scope] })).body.key as string;
    const read = { Authorization: `Bearer ${await key('read')}` };
    const manage = { Authorization: `Bearer ${await key('admin')}` };
    await send(t.http().get('/api/tool-servers').set(read).expect(200));
    expectProblem(await send(t.http().post('/api/tool-servers').set(read).send({ name: 'K', transport: 'http', url: everything.url })), 403);
    const made = await send(t.http().post('/api/tool-servers').set(manage).send({ name: 'K', transport: 'http', url: everything.url }).expect(201));
    expect(made.body.ownerId).toBe(member.id);
  });

  it('never sends a header or environment value back, in any response', () => {
    expect(bodies.length).toBeGreaterThan(30);
    expect(bodies.filter((text) => text.includes(SECRET) || text.includes(ENV_SECRET) || text.includes('team-value'))).toEqual([]);
  });
});

describe('tool servers on a default configuration (no private networks, no stdio)', () => {
  let t: TestApp;
  let admin: TestUser;
  let member: TestUser;
  let listener: Server;
  let connections = 0;

  beforeAll(async () => {
    t = await startTestApp();
    [admin, member] = await Promise.all([loginAdmin(t), registerUser(t, 'ssrf')]);
    listener = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => listener?.close(resolve));
  });

  it('adds a server on this machine or a private network with a status that says why it was refused, without connecting', async () => {
    const { port } = listener.address() as { port: number };
    const cases: [string, RegExp][] = [
      [`http://127.0.0.1:${port}/mcp`, /^The address 127\.0\.0\.1 is on a private or local network; set TOOLS_ALLOW_PRIVATE_NETWORKS=true to allow it$/],
      [`http://localhost:${port}/mcp`, /^The address (127\.0\.0\.1|::1) \(localhost\) is on a private or local network; set TOOLS_ALLOW_PRIVATE_NETWORKS=true/],
      [`http://[::ffff:127.0.0.1]:${port}/mcp`, /is on a private or local network; set TOOLS_ALLOW_PRIVATE_NETWORKS=true/],
      ['http://10.0.0.5/mcp', /^The address 10\.0\.0\.5 is on a private or local network/],
      ['http://169.254.169.254/latest/meta-data', /^The address 169\.254\.169\.254 is on a private or local network/],
    ];
    for (const [url, status] of cases) {
      const res = await t.http().post('/api/tool-servers').set(member.auth).send({ name: 'Inside', transport: 'http', url }).expect(201);
      expect({ url, status: res.body.status, tools: res.body.tools }).toEqual({ url, status: expect.stringMatching(status), tools: [] });
      const refreshed = await t.http().post(`/api/tool-servers/${res.body.id}/refresh`).set(member.auth).expect(200);
      expect(refreshed.body.status).toBe(res.body.status);
    }
    expect(connections).toBe(0);
  });

  it('refuses stdio servers, to admins too, saying how to allow them', async () => {
    const body = { name: 'Local', transport: 'stdio', ...EVERYTHING_STDIO };
    const before = await t.prisma.toolServer.count();
    expect(expectProblem(await t.http().post('/api/tool-servers').set(admin.auth).send(body), 403).detail).toMatch(/TOOLS_STDIO=true/);
    expect(expectProblem(await t.http().post('/api/tool-servers').set(member.auth).send(body), 403).detail).toMatch(/Only administrators/);
    expect(await t.prisma.toolServer.count()).toBe(before);
  });
});
