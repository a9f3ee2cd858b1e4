import type { IsoDateTime, ViewKeys } from './keys';

/** A tool as its MCP server lists it. */
export interface ListedToolView {
  name: string;
  description: string | null;
  /** JSON Schema of its arguments. */
  inputSchema: Record<string, unknown>;
  /** MCP's hints: readOnlyHint, destructiveHint, idempotentHint, openWorldHint, title. */
  annotations: Record<string, unknown> | null;
}

export const LISTED_TOOL_VIEW_KEYS: ViewKeys<ListedToolView> = { name: 'required', description: 'required', inputSchema: 'required', annotations: 'required' };

export type ToolTransport = 'http' | 'stdio';

/** A tool server as the API shows it: header and environment values are never sent, only "••••". */
export interface ToolServerView {
  id: string;
  name: string;
  ownerId: string;
  transport: ToolTransport;
  /** http: the MCP endpoint. */
  url: string | null;
  /** http: header names, each value shown as "••••". */
  headers: Record<string, string>;
  /** stdio: the command and its arguments. */
  command: string | null;
  args: string[];
  /** stdio: variable names, each value shown as "••••". */
  env: Record<string, string>;
  /** Members may link it to their assistants (set by an admin). */
  shared: boolean;
  /** 'ok', or why the last connection failed, in plain words. */
  status: string;
  tools: ListedToolView[];
  refreshedAt: IsoDateTime | null;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
}

export const TOOL_SERVER_VIEW_KEYS: ViewKeys<ToolServerView> = {
  id: 'required',
  name: 'required',
  ownerId: 'required',
  transport: 'required',
  url: 'required',
  headers: 'required',
  command: 'required',
  args: 'required',
  env: 'required',
  shared: 'required',
  status: 'required',
  tools: 'required',
  refreshedAt: 'required',
  createdAt: 'required',
  updatedAt: 'required',
};

/** Tools the product itself offers, linked like a server's tools. */
export const BUILTIN_TOOLS = ['search_knowledge'] as const;
export type BuiltinTool = (typeof BUILTIN_TOOLS)[number];

export type ToolApproval = 'never' | 'always';

/** One entry of an assistant's tools: a server's tool (or "*": all of them), or a built-in. */
export interface AssistantToolView {
  serverId: string | null;
  /** The server's name (null for a built-in). */
  server: string | null;
  builtin: BuiltinTool | null;
  /** The tool's name, "*" for every tool of the server, or the built-in's name. */
  name: string;
  /** Whether a person must approve each call; the default follows the tool's annotations (read-only: never). */
  approval: ToolApproval;
  /** Whether `approval` is the default (not chosen). */
  approvalIsDefault: boolean;
}

export const ASSISTANT_TOOL_VIEW_KEYS: ViewKeys<AssistantToolView> = {
  serverId: 'required',
  server: 'required',
  builtin: 'required',
  name: 'required',
  approval: 'required',
  approvalIsDefault: 'required',
};

export interface AssistantToolsView {
  tools: AssistantToolView[];
  /** How many times one turn may call tools before it must answer (default 5, at most 20). */
  maxToolRounds: number;
}

export const ASSISTANT_TOOLS_VIEW_KEYS: ViewKeys<AssistantToolsView> = { tools: 'required', maxToolRounds: 'required' };

export const DEFAULT_MAX_TOOL_ROUNDS = 5;
export const MAX_TOOL_ROUNDS = 20;

export type ToolCallStatus = 'awaiting_approval' | 'running' | 'done' | 'failed' | 'rejected';

/** One call an answer made, as stored with the message and sent in `tool.call` events. */
export interface ToolCallView {
  id: string;
  messageId: string;
  /** The server's name, or "builtin". */
  server: string;
  name: string;
  /** As the model wrote them (JSON text). */
  arguments: string;
  status: ToolCallStatus;
  /** The tool's answer as the model read it (cut to the token budget). */
  result: string | null;
  error: string | null;
  durationMs: number | null;
  needsApproval: boolean;
  approvedBy: string | null;
  approvedAt: IsoDateTime | null;
  /** While it awaits approval: when it will count as rejected. */
  approvalDeadline: IsoDateTime | null;
  createdAt: IsoDateTime;
}

export const TOOL_CALL_VIEW_KEYS: ViewKeys<ToolCallView> = {
  id: 'required',
  messageId: 'required',
  server: 'required',
  name: 'required',
  arguments: 'required',
  status: 'required',
  result: 'required',
  error: 'required',
  durationMs: 'required',
  needsApproval: 'required',
  approvedBy: 'required',
  approvedAt: 'required',
  approvalDeadline: 'required',
  createdAt: 'required',
};
