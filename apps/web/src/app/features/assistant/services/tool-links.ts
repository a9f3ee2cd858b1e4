import {
  MAX_TOOL_ROUNDS,
  type AssistantToolRequest,
  type AssistantToolsView,
  type BuiltinTool,
  type ListedToolView,
  type SetAssistantToolsRequest,
  type ToolApproval,
  type ToolServerView,
} from '@assistants/common';

/** "*" links every tool a server lists, now and after a refresh. */
export const ALL_TOOLS = '*';

/** 'default' sends no approval: the server decides by the tool's hints. */
export type ApprovalChoice = ToolApproval | 'default';

/** One tool the assistant may call, as the Tools section edits it. */
export interface ToolLink {
  serverId: string | null;
  builtin: BuiltinTool | null;
  /** A tool's name, "*", or the built-in's name. */
  name: string;
  approval: ApprovalChoice;
  /** The server's name as the assistant's tools named it (for a server the caller cannot see). */
  server: string | null;
}

export const linkKey = (link: Pick<ToolLink, 'serverId' | 'builtin' | 'name'>): string =>
  link.builtin ? `builtin/${link.builtin}` : `${link.serverId}/${link.name}`;

export function serverLink(serverId: string, name: string): ToolLink {
  return { serverId, builtin: null, name, approval: 'default', server: null };
}

export function builtinLink(builtin: BuiltinTool): ToolLink {
  return { serverId: null, builtin, name: builtin, approval: 'default', server: null };
}

/** The links as stored; an approval the server filled in by default stays "default". */
export function linksOf(view: AssistantToolsView): ToolLink[] {
  return view.tools.map((tool) => ({
    serverId: tool.serverId,
    builtin: tool.builtin,
    name: tool.name,
    approval: tool.approvalIsDefault ? 'default' : tool.approval,
    server: tool.server,
  }));
}

/** The body of PUT /api/assistants/:id/tools (rounds always sent, so what is saved is what the form shows). */
export function requestOf(links: readonly ToolLink[], maxToolRounds: number): SetAssistantToolsRequest & { maxToolRounds: number } {
  const tools = links.map((link): AssistantToolRequest => {
    const approval = link.approval === 'default' ? {} : { approval: link.approval };
    return link.builtin ? { builtin: link.builtin, ...approval } : { serverId: link.serverId!, name: link.name, ...approval };
  });
  return { tools, maxToolRounds };
}

/** The rounds typed, or null unless a whole number from 1 to MAX_TOOL_ROUNDS. */
export function parseRounds(value: string | number): number | null {
  const n = typeof value === 'number' ? value : value.trim() === '' ? NaN : Number(value);
  return Number.isInteger(n) && n >= 1 && n <= MAX_TOOL_ROUNDS ? n : null;
}

/** MCP's hints as flags (annotations are free-form JSON; only `true` counts). */
export function hintsOf(tool: ListedToolView): { readOnly: boolean; destructive: boolean; title: string | null } {
  const annotations = tool.annotations ?? {};
  const title = annotations['title'];
  return {
    readOnly: annotations['readOnlyHint'] === true,
    // MCP's default for destructiveHint is true, but only where the tool is not read-only; a badge only when a server says so.
    destructive: annotations['destructiveHint'] === true && annotations['readOnlyHint'] !== true,
    title: typeof title === 'string' && title.trim() && title !== tool.name ? title : null,
  };
}

/**
 * What "default" means for a link, as the server decides it: read-only tools run without asking,
 * every other tool asks; "*" runs without asking only when every tool listed now is read-only;
 * the built-in search only reads.
 */
export function defaultApproval(link: Pick<ToolLink, 'builtin' | 'name'>, server: ToolServerView | undefined): ToolApproval {
  if (link.builtin) return 'never';
  const tools = server?.tools ?? [];
  if (link.name === ALL_TOOLS) return tools.length > 0 && tools.every((tool) => hintsOf(tool).readOnly) ? 'never' : 'always';
  const tool = tools.find((t) => t.name === link.name);
  return tool && hintsOf(tool).readOnly ? 'never' : 'always';
}

/** One tool of a server as the Tools section lists it. */
export interface ToolRow {
  name: string;
  description: string | null;
  hints: ReturnType<typeof hintsOf> | null;
  /** Linked, but the server no longer lists it. */
  missing: boolean;
  link: ToolLink | null;
  default: ToolApproval;
}

/** One server as the Tools section lists it. */
export interface ServerRow {
  server: ToolServerView;
  ok: boolean;
  /** The person may refresh and delete it (its owner, or an admin). */
  canEdit: boolean;
  /** Its tools work in the assistant's turns: the server is shared, or the assistant's owner's own. */
  ownerMayUse: boolean;
  /** The "*" link, when all its tools are linked. */
  all: ToolLink | null;
  allDefault: ToolApproval;
  tools: ToolRow[];
}

/**
 * The rows of one server: its tools with their links, then linked tools it no longer lists (so
 * they can be unlinked). `defaultFor` says what "default" approval means for a link.
 */
export function toolRowsOf(server: ToolServerView, links: readonly ToolLink[], defaultFor: (link: ToolLink) => ToolApproval): ToolRow[] {
  const byKey = new Map(links.map((link) => [linkKey(link), link]));
  const listed = new Set(server.tools.map((tool) => tool.name));
  const rows: ToolRow[] = server.tools.map((tool) => {
    const link = serverLink(server.id, tool.name);
    return {
      name: tool.name,
      description: tool.description,
      hints: hintsOf(tool),
      missing: false,
      link: byKey.get(linkKey(link)) ?? null,
      default: defaultFor(link),
    };
  });
  for (const link of links) {
    if (link.serverId === server.id && link.name !== ALL_TOOLS && !listed.has(link.name))
      rows.push({ name: link.name, description: null, hints: null, missing: true, link, default: defaultFor(link) });
  }
  return rows;
}
