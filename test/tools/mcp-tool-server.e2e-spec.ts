import { McpToolServer } from '@assistants/adapters';
import { EVERYTHING, type RunningMcpServer, startEverythingOverHttp } from '../support/mcp-servers';

async function expectEverything(server: McpToolServer): Promise<void> {
  const tools = await server.listTools();
  const byName = new Map(tools.map((t) => [t.name, t]));
  expect(byName.get('echo')).toEqual(
    expect.objectContaining({
      description: expect.any(String),
      inputSchema: expect.objectContaining({ type: 'object' }),
      annotations: expect.objectContaining({ readOnlyHint: true }),
    }),
  );
  expect(await server.callTool('echo', { message: 'привет, tools' })).toEqual({ text: 'Echo: привет, tools', isError: false });
  expect((await server.callTool('get-sum', { a: 2, b: 3 })).text).toMatch(/\b5\b/);
  // An image is described for the model, not inlined.
  expect((await server.callTool('get-tiny-image', {})).text).toMatch(/\[image image\/png, \d+ bytes\]/);
  // Bad arguments: the tool's own error, as a result the model can read.
  const bad = await server.callTool('get-sum', { a: 'two' });
  expect(bad.isError).toBe(true);
}

describe('McpToolServer against @modelcontextprotocol/server-everything', () => {
  it('over stdio: lists and calls tools, and the command sees only the environment it was given', async () => {
    process.env.ASSISTANTS_TEST_SECRET = 'must-not-leak';
    const server = await McpToolServer.connect(
      { transport: 'stdio', command: process.execPath, args: [EVERYTHING, 'stdio'], env: { GIVEN_TO_SERVER: 'yes' } },
      { allowPrivateNetworks: false },
    );
    try {
      await expectEverything(server);
      const env = JSON.parse((await server.callTool('get-env', {})).text) as Record<string, string>;
      expect(env.GIVEN_TO_SERVER).toBe('yes');
      expect(env.ASSISTANTS_TEST_SECRET).toBeUndefined();
      expect(Object.values(env)).not.toContain('must-not-leak');
    } finally {
      delete process.env.ASSISTANTS_TEST_SECRET;
      await server.close();
    }
  });

  describe('over Streamable HTTP', () => {
    let http: RunningMcpServer;
    beforeAll(async () => (http = await startEverythingOverHttp()));
    afterAll(() => http.stop());

    it('lists and calls tools, headers sent', async () => {
      const server = await McpToolServer.connect({ transport: 'http', url: http.url, headers: { 'x-api-key': 'k' } }, { allowPrivateNetworks: true });
      try {
        await expectEverything(server);
      } finally {
        await server.close();
      }
    });

    it('refuses a server on this machine unless private networks are allowed, in plain words', async () => {
      for (const url of [http.url, http.url.replace('127.0.0.1', 'localhost')]) {
        const error = await McpToolServer.connect({ transport: 'http', url }, { allowPrivateNetworks: false }).catch((e: Error) => e);
        expect(error).toBeInstanceOf(Error);
        expect(`${(error as Error).message} ${String((error as Error & { cause?: unknown }).cause ?? '')}`).toMatch(
          /private or local address.*TOOLS_ALLOW_PRIVATE_NETWORKS/,
        );
      }
    });
  });

  it('over HTTP+SSE (the 2024-11-05 protocol): falls back when the Streamable HTTP POST is refused', async () => {
    const sse = await startEverythingOverHttp('sse');
    try {
      const server = await McpToolServer.connect({ transport: 'http', url: sse.url }, { allowPrivateNetworks: true });
      try {
        await expectEverything(server);
      } finally {
        await server.close();
      }
    } finally {
      await sse.stop();
    }
  });
});
