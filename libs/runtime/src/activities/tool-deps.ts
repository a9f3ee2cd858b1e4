import type { ToolCallRecord, ToolCallStore, ToolConnectionLease } from '@assistants/adapters';
import type { LinkedTools, ToolServerConnection } from '@assistants/domain';

export type { LinkedTool } from '@assistants/domain';

/** Where a turn learns which tools it may call and how to reach their servers (secrets opened). */
export interface ToolCatalog {
  linkedTools(assistantId: string): Promise<LinkedTools>;
  /** With `assistantId`: null unless the assistant links the server and its owner may still use it. */
  toolServerConnection(serverId: string, assistantId?: string): Promise<{ name: string; connection: ToolServerConnection } | null>;
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
  /**
   * Marks a running call as started and reads its server's connection (checked as
   * catalog.toolServerConnection checks it for the call's assistant) in one statement; null when the
   * call is not claimed (decided, ended, or started by an earlier attempt).
   */
  claim(callId: string): Promise<{ call: ToolCallRecord; server: { name: string; connection: ToolServerConnection } | null } | null>;
  settings: ToolSettings;
  /** Opens (or reuses) a connection to a tool server. */
  connect(serverId: string, connection: ToolServerConnection): Promise<ToolConnectionLease>;
  /** Closes the connections kept open between calls. */
  close(): Promise<void>;
}
