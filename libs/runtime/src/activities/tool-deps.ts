import type { BuiltinTool, ToolApproval } from '@assistants/common';
import type { ToolCallStore, ToolConnectionLease, ToolServerConnection } from '@assistants/adapters';

/** A tool an assistant may call now, as its owner linked it (a server's "*" expanded to each of its tools). */
export interface LinkedTool {
  serverId: string | null;
  /** The server's name, or "builtin". */
  server: string;
  builtin: BuiltinTool | null;
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  annotations: Record<string, unknown> | null;
  approval: ToolApproval;
}

/** Where a turn learns which tools it may call and how to reach their servers (secrets opened). */
export interface ToolCatalog {
  linkedTools(assistantId: string): Promise<{ tools: LinkedTool[]; maxToolRounds: number }>;
  toolServerConnection(serverId: string): Promise<{ name: string; connection: ToolServerConnection } | null>;
}

export interface ToolSettings {
  allowPrivateNetworks: boolean;
  callTimeoutMs: number;
  resultMaxTokens: number;
  approvalTimeoutMs: number;
}

/** What the chat turn needs to call tools; without it, turns offer none. */
export interface ToolDeps {
  catalog: ToolCatalog;
  calls: ToolCallStore;
  settings: ToolSettings;
  /** Opens (or reuses) a connection to a tool server. */
  connect(serverId: string, connection: ToolServerConnection): Promise<ToolConnectionLease>;
}
