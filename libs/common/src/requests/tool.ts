import type { BuiltinTool, ToolApproval, ToolTransport } from '../views/tool';

/** POST /api/tool-servers. Limits: CreateToolServerDto, and the OpenAPI document. */
export interface CreateToolServerRequest {
  name: string;
  transport: ToolTransport;
  /** http: the MCP endpoint (http or https). */
  url?: string;
  /** http: sent with every request; the values are stored encrypted and never shown again. */
  headers?: Record<string, string>;
  /** stdio (admins, with TOOLS_STDIO=true): the command the server runs, and its arguments. */
  command?: string;
  args?: string[];
  /** stdio: the command's environment on top of a minimal one; the values are stored encrypted. */
  env?: Record<string, string>;
  /** Admins only: every member may link it. */
  shared?: boolean;
}

/**
 * PATCH /api/tool-servers/:id: the fields to change (the transport stays). `headers` and `env`, when
 * sent, are the whole new set: a value of "••••" keeps the stored one, a name left out is removed.
 */
export type UpdateToolServerRequest = Partial<Omit<CreateToolServerRequest, 'transport'>>;

/** One entry of PUT /api/assistants/:id/tools: a server's tool (`name`, or "*" for all) or a built-in. */
export interface AssistantToolRequest {
  serverId?: string;
  /** With serverId: a tool the server lists, or "*". */
  name?: string;
  builtin?: BuiltinTool;
  /** Left out: the default for the tool (never for read-only tools, else always). */
  approval?: ToolApproval;
}

/** PUT /api/assistants/:id/tools: the assistant's whole list of tools, replacing the one it had. */
export interface SetAssistantToolsRequest {
  tools: AssistantToolRequest[];
  /** 1 to MAX_TOOL_ROUNDS; left out: DEFAULT_MAX_TOOL_ROUNDS. */
  maxToolRounds?: number;
}

/** POST /api/tool-calls/:id/reject */
export interface RejectToolCallRequest {
  /** Why: the model reads it as the call's result. */
  reason?: string;
}
