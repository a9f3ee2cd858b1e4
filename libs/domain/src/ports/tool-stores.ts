import type { BuiltinTool, ListedToolView, Principal, ToolApproval, ToolTransport } from '@assistants/common';

/** How to reach a tool server: an MCP endpoint over HTTP, or a command that speaks MCP on its stdio. */
export type ToolServerConnection =
  { transport: 'http'; url: string; headers?: Record<string, string> } | { transport: 'stdio'; command: string; args?: string[]; env?: Record<string, string> };

/** A server's header and environment values, in the clear (the store keeps them sealed, as one). */
export interface ToolServerSecrets {
  headers: Record<string, string>;
  env: Record<string, string>;
}

/** A row of `tool_servers`; its secrets stay sealed until ToolServerStore.openSecrets. */
export interface ToolServerRecord {
  id: string;
  name: string;
  ownerId: string;
  transport: ToolTransport;
  url: string | null;
  command: string | null;
  args: string[];
  headerNames: string[];
  envNames: string[];
  /** SecretBox-sealed JSON of ToolServerSecrets; null when there are none. */
  secrets: string | null;
  shared: boolean;
  /** As the server last listed them. */
  tools: ListedToolView[];
  /** 'ok', or why the last connection failed. */
  status: string;
  /** When the tools were last listed (a failed refresh leaves it, and the tools, as they were). */
  refreshedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A new server: where it is, its secrets in the clear, and what connecting to it found. */
export interface NewToolServer {
  name: string;
  ownerId: string;
  transport: ToolTransport;
  url: string | null;
  command: string | null;
  args: string[];
  secrets: ToolServerSecrets;
  shared: boolean;
  listing: ToolListing;
}

/** What a server's fields become; those left out keep their value, `secrets` replaces all of them. */
export interface ToolServerChange {
  name?: string;
  url?: string | null;
  command?: string | null;
  args?: string[];
  secrets?: ToolServerSecrets;
  shared?: boolean;
  listing?: ToolListing;
}

/** One attempt to list a server's tools: `tools` null when it failed (the stored ones stay). */
export interface ToolListing {
  status: string;
  tools: ListedToolView[] | null;
  at: Date;
}

/** The one writer of `tool_servers`. Header and environment values are sealed on the way in. */
export interface ToolServerStore {
  find(id: string): Promise<ToolServerRecord | null>;
  /** Every server `who` may use (canUseToolServer), by name; everything for no one given. */
  list(who?: Principal): Promise<ToolServerRecord[]>;
  create(server: NewToolServer): Promise<ToolServerRecord>;
  update(id: string, change: ToolServerChange): Promise<ToolServerRecord>;
  remove(id: string): Promise<void>;
  /** The values of a stored server's headers and environment. */
  openSecrets(server: Pick<ToolServerRecord, 'secrets'>): ToolServerSecrets;
  /**
   * How to connect to a server, secrets opened: for the turn that calls one of its tools. With
   * `forAssistant`, only while that assistant links the server and its owner may still use it.
   */
  toolServerConnection(serverId: string, forAssistant?: string): Promise<{ name: string; connection: ToolServerConnection } | null>;
}

/** One entry of an assistant's tools as stored: a server's tool (or "*") or a built-in. */
export interface AssistantToolEntry {
  serverId: string | null;
  builtin: BuiltinTool | null;
  name: string;
  /** Null: the tool's default (see defaultApproval). */
  approval: ToolApproval | null;
}

/** An entry with what its server lists now, for the assistant's tools view. */
export interface AssistantToolRecord extends AssistantToolEntry {
  server: { name: string; tools: ListedToolView[] } | null;
}

/** A tool a turn may offer the model: what it is, where it runs, and whether a person must approve each call. */
export interface LinkedTool {
  serverId: string | null;
  /** The server's name, or 'builtin'. */
  server: string;
  builtin: BuiltinTool | null;
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  annotations: Record<string, unknown> | null;
  approval: ToolApproval;
}

export interface LinkedTools {
  tools: LinkedTool[];
  maxToolRounds: number;
}

/** The one writer of `assistant_tools` (and of the assistant's max_tool_rounds, which goes with them). */
export interface AssistantToolStore {
  /** The entries in order, with their servers, and the rounds a turn may take. Null: no such assistant. */
  list(assistantId: string): Promise<{ entries: AssistantToolRecord[]; maxToolRounds: number } | null>;
  /** Replaces every entry and the rounds, at once. */
  replace(assistantId: string, entries: AssistantToolEntry[], maxToolRounds: number): Promise<void>;
  /**
   * The tools a turn of the assistant may offer, read at the time of the call: "*" expanded to what
   * the server lists, names it no longer lists left out, approvals defaulted, and only servers the
   * assistant's owner may still use.
   */
  linkedTools(assistantId: string): Promise<LinkedTools>;
}

/** A person must approve a call unless the server says the tool only reads. */
export function defaultApproval(annotations: Record<string, unknown> | null | undefined): ToolApproval {
  return annotations?.readOnlyHint === true ? 'never' : 'always';
}

/** The built-in tools as the model sees them. */
export const BUILTIN_TOOL_DEFINITIONS: Record<BuiltinTool, Omit<LinkedTool, 'approval' | 'serverId' | 'server' | 'builtin'>> = {
  search_knowledge: {
    name: 'search_knowledge',
    description:
      "Searches this assistant's knowledge base (the documents uploaded to it) and returns the passages that match best, with the document each comes from. Use it to look up facts before answering.",
    inputSchema: {
      type: 'object',
      properties: { query: { type: 'string', description: 'What to look for, in the words the documents would likely use.' } },
      required: ['query'],
    },
    annotations: { readOnlyHint: true },
  },
};
