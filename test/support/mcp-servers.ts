import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { freePort } from './processes';

/** The reference MCP server of the protocol's authors (nobody here wrote it), run with node. */
export const EVERYTHING = join(__dirname, '../../node_modules/@modelcontextprotocol/server-everything/dist/index.js');

const modules = join(__dirname, '../../node_modules/@modelcontextprotocol');
/** server-memory (a knowledge graph in a file, MEMORY_FILE_PATH) and server-filesystem (a folder argument), over stdio. */
export const MEMORY = join(modules, 'server-memory/dist/index.js');
export const FILESYSTEM = join(modules, 'server-filesystem/dist/index.js');

/** server-everything over stdio, as a tool server's command and arguments. */
export const EVERYTHING_STDIO = { command: process.execPath, args: [EVERYTHING, 'stdio'] };

export interface RunningMcpServer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** server-everything over Streamable HTTP (or the older HTTP+SSE, at /sse) on a free port, once it says it listens. */
export async function startEverythingOverHttp(transport: 'streamableHttp' | 'sse' = 'streamableHttp'): Promise<RunningMcpServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [EVERYTHING, transport], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server-everything did not start')), 20_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      if (/listening|running on port/i.test(chunk.toString())) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`server-everything exited with ${code}`)));
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill();
    });
  };
  return { url: `http://127.0.0.1:${port}/${transport === 'sse' ? 'sse' : 'mcp'}`, child, stop };
}

/**
 * An HTTP proxy in front of an MCP server that counts the `tools/call` requests it forwards (how many
 * times a tool really ran) and can hold their answers back for a while: "the tool takes long".
 */
export interface ToolCallProxy {
  url: string;
  /** Names of the tools called through the proxy, in order. */
  calls: string[];
  /** How long each tools/call answer is held back (ms). */
  holdMs: number;
  close(): Promise<void>;
}

export async function startToolCallProxy(targetUrl: string): Promise<ToolCallProxy> {
  const target = new URL(targetUrl);
  const proxy: ToolCallProxy = { url: '', calls: [], holdMs: 0, close: async () => undefined };
  const held = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      const body = Buffer.concat(parts);
      let name: string | undefined;
      try {
        const message = JSON.parse(body.toString('utf8')) as { method?: string; params?: { name?: string } };
        if (message.method === 'tools/call') name = message.params?.name ?? '';
      } catch {
        // Not JSON (a GET for the event stream): passed on as it is.
      }
      if (name !== undefined) proxy.calls.push(name);
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } },
        (answer: IncomingMessage) => {
          const pass = () => {
            if (res.destroyed) return answer.destroy();
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          };
          if (name === undefined || !proxy.holdMs) return pass();
          const timer = setTimeout(() => (held.delete(timer), pass()), proxy.holdMs);
          held.add(timer);
        },
      );
      upstream.on('error', () => res.destroy());
      res.on('close', () => upstream.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${target.pathname}`;
  proxy.close = async () => {
    for (const timer of held) clearTimeout(timer);
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return proxy;
}
