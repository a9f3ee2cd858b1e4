import { MASKED_SECRET } from '@assistants/adapters';
import type { ListedToolView, ToolServerView } from '@assistants/common';
import type { ToolServerRecord } from '@assistants/domain';

/** Header and environment names, each with "••••": no caller, not even the owner, reads a value back. */
const masked = (names: string[]) => Object.fromEntries(names.map((name) => [name, MASKED_SECRET]));

export function toToolServerView(server: ToolServerRecord): ToolServerView {
  return {
    id: server.id,
    name: server.name,
    ownerId: server.ownerId,
    transport: server.transport,
    url: server.url,
    headers: masked(server.headerNames),
    command: server.command,
    args: server.args,
    env: masked(server.envNames),
    shared: server.shared,
    status: server.status,
    tools: server.tools.map(toListedToolView),
    refreshedAt: server.refreshedAt?.toISOString() ?? null,
    createdAt: server.createdAt.toISOString(),
    updatedAt: server.updatedAt.toISOString(),
  };
}

export function toListedToolView(tool: ListedToolView): ListedToolView {
  return { name: tool.name, description: tool.description ?? null, inputSchema: tool.inputSchema, annotations: tool.annotations ?? null };
}
