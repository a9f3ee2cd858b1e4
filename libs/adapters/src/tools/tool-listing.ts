import type { ListedToolView } from '@assistants/common';
import type { ToolListing, ToolServerConnection } from '@assistants/domain';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { STATUS_CODES } from 'node:http';
import { MASKED_SECRET } from '../secrets/secret-box';
import { McpToolServer, type ToolServerOptions } from './mcp-tool-server';
import { PrivateAddressError } from './network-guard';

/** Connects, lists the server's tools and closes: the tools, or why it failed in plain words (status 'ok' otherwise). */
export async function listServerTools(connection: ToolServerConnection, options: ToolServerOptions): Promise<ToolListing> {
  const at = new Date();
  let server: McpToolServer | undefined;
  try {
    server = await McpToolServer.connect(connection, options);
    const tools = await server.listTools();
    return { status: 'ok', at, tools: tools.map((t): ListedToolView => ({ ...t, description: t.description ?? null, annotations: t.annotations ?? null })) };
  } catch (error) {
    return { status: describeConnectionFailure(error, connection, options.timeoutMs), at, tools: null };
  } finally {
    await server?.close().catch(() => undefined);
  }
}

const TLS_CODES = /^(CERT_|ERR_TLS_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|ERR_SSL_|EPROTO$)/;
const MAX_STATUS = 500;

/**
 * What went wrong, for the person who added the server: the cause (refused, unknown host, private
 * address, HTTP status, missing command) rather than fetch's "fetch failed". The server's own
 * answer is never quoted (it may echo a header back), and any header or environment value that
 * still appears in a message is masked.
 */
export function describeConnectionFailure(error: unknown, connection: ToolServerConnection, timeoutMs?: number): string {
  const chain = causes(error);
  const code = (want: (code: unknown) => boolean) => chain.map((e) => (e as { code?: unknown }).code).find(want);
  const where = connection.transport === 'http' ? endpoint(connection.url) : connection.command;
  const failed = connection.transport === 'http' ? `Could not connect to ${where}` : `Could not start ${where}`;

  const refused = chain.find((e): e is PrivateAddressError => e instanceof PrivateAddressError);
  if (refused) {
    const of = refused.host !== refused.address ? ` (${refused.host})` : '';
    return `The address ${refused.address}${of} is on a private or local network; set TOOLS_ALLOW_PRIVATE_NETWORKS=true to allow it`;
  }
  const system = code((c) => typeof c === 'string') as string | undefined;
  if (system === 'ECONNREFUSED') return `${failed}: connection refused`;
  if (system === 'ENOTFOUND' || system === 'EAI_AGAIN') return `${failed}: no host named ${hostOf(connection)} was found`;
  if (system === 'ETIMEDOUT' || system === 'UND_ERR_CONNECT_TIMEOUT' || code((c) => c === ErrorCode.RequestTimeout)) {
    return `${failed}: no answer within ${Math.round((timeoutMs ?? 30_000) / 1000)} seconds`;
  }
  if (system === 'ECONNRESET' || system === 'UND_ERR_SOCKET') return `${failed}: the connection was closed by the other side`;
  if (system && TLS_CODES.test(system)) return `${failed}: its TLS certificate was not accepted (${system})`;
  if (system === 'ENOENT') return `${failed}: no such command`;
  if (system === 'EACCES') return `${failed}: permission denied`;
  if (chain.some((e) => e instanceof Error && e.message === 'bad port')) return `${failed}: fetch does not connect to port ${portOf(connection)}`;
  const status = code((c) => typeof c === 'number' && c >= 100 && c <= 599) as number | undefined;
  if (status === 401 || status === 403) return `${where} answered ${status} ${STATUS_CODES[status]}: check the headers (a key or token it accepts)`;
  if (status) return `${where} answered ${status} ${STATUS_CODES[status] ?? ''}: is it an MCP endpoint?`.replace('  ', ' ');
  if (code((c) => c === ErrorCode.ConnectionClosed)) {
    return connection.transport === 'stdio'
      ? `${where} exited before it answered: it may not be an MCP server, or it failed as it started`
      : `${where} closed the connection before it answered`;
  }
  const message = chain.map((e) => (e instanceof Error ? e.message : String(e))).find((m) => m && m !== 'fetch failed') ?? 'unknown error';
  return masked(`${failed}: ${message}`, connection).slice(0, MAX_STATUS);
}

/** The error and its causes (and an AggregateError's errors), outermost first. */
function causes(error: unknown): unknown[] {
  const seen: unknown[] = [];
  const queue = [error];
  while (queue.length && seen.length < 20) {
    const next = queue.shift();
    if (next === undefined || next === null || seen.includes(next)) continue;
    seen.push(next);
    if (typeof next === 'object') {
      queue.push((next as { cause?: unknown }).cause);
      if (next instanceof AggregateError) queue.push(...next.errors);
    }
  }
  return seen;
}

/** The URL without its query and fragment, which may carry a token. */
function endpoint(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return 'the URL';
  }
}

const hostOf = (connection: ToolServerConnection) => (connection.transport === 'http' ? new URL(connection.url).hostname : 'localhost');
const portOf = (connection: ToolServerConnection) => (connection.transport === 'http' ? new URL(connection.url).port : '');

/** Header and environment values (of four characters or more: shorter ones would mask ordinary words) replaced by "••••". */
function masked(text: string, connection: ToolServerConnection): string {
  const values = Object.values((connection.transport === 'http' ? connection.headers : connection.env) ?? {}).filter((v) => v.length >= 4);
  return values.sort((a, b) => b.length - a.length).reduce((out, value) => out.split(value).join(MASKED_SECRET), text);
}
