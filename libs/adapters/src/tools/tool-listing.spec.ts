import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { listServerTools } from './tool-listing';

const SECRET = 'sk-test-51a9-do-not-echo';

/** Real failures (a closed port, a refused address, a missing command, a server answering 401 or never), described in plain words. */
describe('listServerTools when it cannot list', () => {
  let http: Server;
  let silent: TcpServer;
  let httpPort: number;
  let silentPort: number;
  let closedPort: number;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    // Echoes the header it was sent, as a careless or hostile server might.
    http = createServer((req, res) => {
      res.statusCode = req.url === '/unauthorized' ? 401 : 500;
      res.end(`denied for ${req.headers['x-api-key']}`);
    });
    // Takes connections and never answers; fetch may open another after an abort, so each is closed at the end.
    silent = createTcpServer((socket) => sockets.push(socket));
    const listen = (server: Server | TcpServer) =>
      new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
    [httpPort, silentPort] = await Promise.all([listen(http), listen(silent)]);
    const closed = createTcpServer();
    closedPort = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
  });
  afterAll(async () => {
    http.closeAllConnections();
    sockets.forEach((socket) => socket.destroy());
    await Promise.all([new Promise((resolve) => http.close(resolve)), new Promise((resolve) => silent.close(resolve))]);
  });

  const open = { allowPrivateNetworks: true, timeoutMs: 1000 };
  const status = async (connection: Parameters<typeof listServerTools>[0], options = open) => {
    const listing = await listServerTools(connection, options);
    expect(listing.tools).toBeNull();
    return listing.status;
  };

  it('names a refused connection, a private address and an unknown host', async () => {
    expect(await status({ transport: 'http', url: `http://127.0.0.1:${closedPort}/mcp?token=abc` })).toBe(
      `Could not connect to http://127.0.0.1:${closedPort}/mcp: connection refused`,
    );
    expect(await status({ transport: 'http', url: `http://127.0.0.1:${closedPort}/mcp` }, { ...open, allowPrivateNetworks: false })).toBe(
      'The address 127.0.0.1 is on a private or local network; set TOOLS_ALLOW_PRIVATE_NETWORKS=true to allow it',
    );
    expect(await status({ transport: 'http', url: 'http://tools.invalid/mcp' })).toBe(
      'Could not connect to http://tools.invalid/mcp: no host named tools.invalid was found',
    );
  });

  it("gives the HTTP status, never the server's answer or a header value", async () => {
    const unauthorized = await status({ transport: 'http', url: `http://127.0.0.1:${httpPort}/unauthorized`, headers: { 'x-api-key': SECRET } });
    expect(unauthorized).toBe(`http://127.0.0.1:${httpPort}/unauthorized answered 401 Unauthorized: check the headers (a key or token it accepts)`);
    const failing = await status({ transport: 'http', url: `http://127.0.0.1:${httpPort}/failing`, headers: { 'x-api-key': SECRET } });
    expect(failing).toBe(`http://127.0.0.1:${httpPort}/failing answered 500 Internal Server Error: is it an MCP endpoint?`);
  });

  it('says when a server does not answer in time', async () => {
    expect(await status({ transport: 'http', url: `http://127.0.0.1:${silentPort}/mcp` })).toBe(
      `Could not connect to http://127.0.0.1:${silentPort}/mcp: no answer within 1 seconds`,
    );
  });

  it('names a missing command, and one that exits without speaking MCP', async () => {
    expect(await status({ transport: 'stdio', command: 'no-such-command-for-listing' })).toBe('Could not start no-such-command-for-listing: no such command');
    const exits = await status({ transport: 'stdio', command: process.execPath, args: ['-e', 'process.exit(3)'], env: { TOKEN: SECRET } });
    expect(exits).toBe(`${process.execPath} exited before it answered: it may not be an MCP server, or it failed as it started`);
  });
});
