import type { AssistantToolsView, AssistantToolView, ListedToolView, ToolApproval } from '@assistants/common';
import { type AssistantToolRecord, BUILTIN_TOOL_DEFINITIONS, defaultApproval } from '@assistants/domain';

export function toAssistantToolsView({ entries, maxToolRounds }: { entries: AssistantToolRecord[]; maxToolRounds: number }): AssistantToolsView {
  return { tools: entries.map(toAssistantToolView), maxToolRounds };
}

function toAssistantToolView(entry: AssistantToolRecord): AssistantToolView {
  return {
    serverId: entry.serverId,
    server: entry.server?.name ?? null,
    builtin: entry.builtin,
    name: entry.builtin ?? entry.name,
    approval: entry.approval ?? approvalByDefault(entry),
    approvalIsDefault: entry.approval === null,
  };
}

/**
 * The default the view shows. A turn defaults each tool by its own annotations; for "*" the view
 * shows never only when every tool the server lists now is read-only.
 */
function approvalByDefault(entry: AssistantToolRecord): ToolApproval {
  if (entry.builtin) return defaultApproval(BUILTIN_TOOL_DEFINITIONS[entry.builtin]?.annotations);
  const tools: ListedToolView[] = entry.server?.tools ?? [];
  if (entry.name !== '*') return defaultApproval(tools.find((tool) => tool.name === entry.name)?.annotations);
  return tools.length > 0 && tools.every((tool) => defaultApproval(tool.annotations) === 'never') ? 'never' : 'always';
}
