import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './processes';

/** The reference MCP server of the protocol's authors (nobody here wrote it), run with node. */
export const EVERYTHING = join(__dirname, '../../node_modules/@modelcontextprotocol/server-everything/dist/index.js');

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
