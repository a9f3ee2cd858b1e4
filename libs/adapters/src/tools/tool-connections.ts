import { createHash } from 'node:crypto';
import { McpToolServer, type ToolOutput, type ToolServerConnection } from './mcp-tool-server';

export interface ToolConnectionLease {
  callTool(name: string, args: Record<string, unknown>, options: { timeoutMs: number; signal: AbortSignal }): Promise<ToolOutput>;
  /** Gives the connection back for the next call, or closes it when `broken`. */
  release(broken?: boolean): Promise<void>;
}

interface Idle {
  server: McpToolServer;
  timer: NodeJS.Timeout;
}

/**
 * Connections to tool servers kept open between calls: connecting costs an MCP handshake over HTTP,
 * and a process start for stdio. One connection serves one call at a time; parallel calls open more.
 * A connection idle for `idleMs` is closed, and one whose server's settings changed is never reused
 * (the key covers the whole connection, secrets included, hashed).
 */
export class ToolConnections {
  private readonly idle = new Map<string, Idle[]>();
  private closed = false;

  constructor(private readonly options: { allowPrivateNetworks: boolean; timeoutMs: number; idleMs?: number; maxIdlePerServer?: number }) {}

  async lease(serverId: string, connection: ToolServerConnection): Promise<ToolConnectionLease> {
    const key = `${serverId}:${createHash('sha256').update(JSON.stringify(connection)).digest('base64url')}`;
    const reused = this.idle.get(key)?.pop();
    if (reused) clearTimeout(reused.timer);
    const server =
      reused?.server ??
      (await McpToolServer.connect(connection, { allowPrivateNetworks: this.options.allowPrivateNetworks, timeoutMs: this.options.timeoutMs }));
    let released = false;
    return {
      callTool: (name, args, { timeoutMs, signal }) => server.callTool(name, args, { timeoutMs, signal }),
      release: async (broken = false) => {
        if (released) return;
        released = true;
        const pool = this.idle.get(key) ?? [];
        if (broken || this.closed || pool.length >= (this.options.maxIdlePerServer ?? 4)) return server.close().catch(() => undefined);
        const timer = setTimeout(() => {
          const at = pool.findIndex((entry) => entry.server === server);
          if (at >= 0) pool.splice(at, 1);
          void server.close().catch(() => undefined);
        }, this.options.idleMs ?? 60_000);
        timer.unref();
        pool.push({ server, timer });
        this.idle.set(key, pool);
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.idle.values()].flat();
    this.idle.clear();
    await Promise.allSettled(
      all.map(({ server, timer }) => {
        clearTimeout(timer);
        return server.close();
      }),
    );
  }
}
