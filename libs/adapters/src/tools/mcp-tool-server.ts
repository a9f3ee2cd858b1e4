import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { ToolServerConnection } from '@assistants/domain';
import { guardedFetch } from './network-guard';

export type { ToolServerConnection };

export interface ToolServerOptions {
  /** Whether an HTTP server may be on this machine or a private network (TOOLS_ALLOW_PRIVATE_NETWORKS). */
  allowPrivateNetworks: boolean;
  /** For connecting and listing. */
  timeoutMs?: number;
}

/** A tool as its server lists it. */
export interface ListedTool {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  /** MCP's hints: readOnlyHint, destructiveHint, idempotentHint, openWorldHint, title. */
  annotations?: Record<string, unknown>;
}

/** A tool's answer as text for a model: images and resources described, not inlined. */
export interface ToolOutput {
  text: string;
  /** The tool itself reported a failure (its text says what). */
  isError: boolean;
}

const CLIENT_INFO = { name: 'assistants', version: '0.1.0' };
const DEFAULT_TIMEOUT_MS = 30_000;
/** A server may page its tools; one that never stops paging (or lists thousands) is cut here. */
export const MAX_LISTED_TOOLS = 1000;
const MAX_LISTED_PAGES = 100;

/**
 * One connection to an MCP server through the official SDK client: Streamable HTTP (the older
 * HTTP+SSE transport when the server does not speak it) or stdio. HTTP requests go through the
 * network guard; a stdio command gets the given environment on top of the SDK's minimal one (PATH,
 * HOME and the like), never this process's variables and secrets.
 */
export class McpToolServer {
  private constructor(
    private readonly client: Client,
    private readonly timeoutMs: number,
  ) {}

  static async connect(connection: ToolServerConnection, options: ToolServerOptions): Promise<McpToolServer> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (connection.transport === 'stdio') {
      const transport = new StdioClientTransport({
        command: connection.command,
        args: connection.args ?? [],
        env: { ...getDefaultEnvironment(), ...connection.env },
        stderr: 'ignore',
      });
      return new McpToolServer(await open(transport, timeoutMs), timeoutMs);
    }
    const url = new URL(connection.url);
    const fetch = guardedFetch({ allowPrivate: options.allowPrivateNetworks });
    const requestInit = { headers: connection.headers ?? {} };
    try {
      return new McpToolServer(await open(new StreamableHTTPClientTransport(url, { fetch, requestInit }), timeoutMs), timeoutMs);
    } catch (error) {
      // A server of the 2024-11-05 protocol answers the Streamable HTTP POST with 4xx: try its SSE endpoint.
      // The SDK's error carries the status as its code (its message has the response body instead).
      if (![400, 404, 405].includes((error as { code?: unknown }).code as number)) throw error;
      return new McpToolServer(await open(new SSEClientTransport(url, { fetch, requestInit }), timeoutMs), timeoutMs);
    }
  }

  /** Every tool the server lists (all pages), at most MAX_LISTED_TOOLS. */
  async listTools(): Promise<ListedTool[]> {
    const tools: ListedTool[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      pages++;
      const page = await this.client.listTools(cursor ? { cursor } : undefined, { timeout: this.timeoutMs });
      for (const tool of page.tools) {
        tools.push({ name: tool.name, description: tool.description, inputSchema: tool.inputSchema, annotations: tool.annotations });
      }
      cursor = page.nextCursor;
    } while (cursor && tools.length < MAX_LISTED_TOOLS && pages < MAX_LISTED_PAGES);
    return tools.slice(0, MAX_LISTED_TOOLS);
  }

  async callTool(name: string, args: Record<string, unknown>, { timeoutMs, signal }: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<ToolOutput> {
    const result = await this.client.callTool({ name, arguments: args }, undefined, { timeout: timeoutMs ?? this.timeoutMs, signal });
    return { text: describeContent(result.content as ContentItem[] | undefined, result.structuredContent), isError: result.isError === true };
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

async function open(transport: Transport, timeoutMs: number): Promise<Client> {
  const client = new Client(CLIENT_INFO);
  try {
    await client.connect(transport, { timeout: timeoutMs });
    return client;
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
}

type ContentItem =
  | { type: 'text'; text: string }
  | { type: 'image' | 'audio'; mimeType: string; data: string }
  | { type: 'resource'; resource: { uri: string; mimeType?: string; text?: string } }
  | { type: 'resource_link'; uri: string; name?: string };

/** The content as text: text as it is, anything else named with its type and size. */
function describeContent(content: ContentItem[] = [], structured?: unknown): string {
  const parts = content.map((item) => {
    switch (item.type) {
      case 'text':
        return item.text;
      case 'image':
      case 'audio':
        return `[${item.type} ${item.mimeType}, ${Math.floor((item.data.length * 3) / 4)} bytes]`;
      case 'resource':
        return item.resource.text !== undefined ? `[resource ${item.resource.uri}]\n${item.resource.text}` : `[resource ${item.resource.uri}]`;
      case 'resource_link':
        return `[link ${item.uri}${item.name ? ` (${item.name})` : ''}]`;
      default:
        return `[${(item as { type: string }).type}]`;
    }
  });
  if (parts.length === 0 && structured !== undefined) return JSON.stringify(structured);
  return parts.join('\n');
}
