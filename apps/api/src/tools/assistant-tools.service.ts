import { PostgresAssistantToolStore } from '@assistants/adapters';
import { type AssistantToolsView, type Caller, canUseToolServer, DEFAULT_MAX_TOOL_ROUNDS, type Principal } from '@assistants/common';
import type { AssistantToolEntry, ToolServerRecord } from '@assistants/domain';
import { ForbiddenException, Injectable } from '@nestjs/common';
import { AssistantsService } from '../assistants/assistants.service';
import { type FieldProblem, ValidationProblem } from '../common/validation';
import { PrismaService } from '../database/prisma.service';
import { toAssistantToolsView } from './assistant-tools.view';
import type { AssistantToolDto, SetAssistantToolsDto } from './dto/assistant-tools.dto';
import { ToolServersService } from './tool-servers.service';
import { problemText } from '../common/errors';

@Injectable()
export class AssistantToolsService {
  constructor(
    private readonly assistants: AssistantsService,
    private readonly servers: ToolServersService,
    private readonly tools: PostgresAssistantToolStore,
    private readonly prisma: PrismaService,
  ) {}

  async get(caller: Caller | null, id: string): Promise<AssistantToolsView> {
    await this.assistants.findOrFail(caller, id);
    const tools = await this.tools.list(id);
    return toAssistantToolsView(tools ?? { entries: [], maxToolRounds: DEFAULT_MAX_TOOL_ROUNDS });
  }

  /** Replaces the assistant's tools: each server must be one both the caller and the assistant's owner may use. */
  async set(caller: Caller, id: string, dto: SetAssistantToolsDto): Promise<AssistantToolsView> {
    const assistant = await this.assistants.findOrFail(caller, id, 'edit');
    const entries = entriesOf(dto.tools);
    const owner = assistant.ownerId === caller.id ? caller : await this.principal(assistant.ownerId);
    const servers = new Map<string, ToolServerRecord>();
    for (const serverId of new Set(entries.flatMap((e) => e.serverId ?? []))) {
      const server = await this.servers.findOrFail(caller, serverId);
      // A turn runs with the owner's rights: a server they may not use would be left out of every turn.
      if (!canUseToolServer(server, owner)) {
        throw new ForbiddenException(problemText('tool_server.owner_cannot_use', { id: serverId }));
      }
      servers.set(serverId, server);
    }
    const unknown: FieldProblem[] = entries.flatMap((entry, i) => {
      const server = entry.serverId && servers.get(entry.serverId);
      if (!server || entry.name === '*' || server.tools.some((tool) => tool.name === entry.name)) return [];
      const hint = server.status === 'ok' ? 'refresh it if the tool is new' : `its last connection failed: ${server.status}`;
      return [{ field: `tools.${i}.name`, messages: [`tool server "${server.name}" lists no tool named "${entry.name}" (${hint})`] }];
    });
    if (unknown.length) throw new ValidationProblem(unknown);
    await this.tools.replace(id, entries, dto.maxToolRounds ?? DEFAULT_MAX_TOOL_ROUNDS);
    return this.get(caller, id);
  }

  private async principal(userId: string): Promise<Principal> {
    return this.prisma.client.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, role: true } });
  }
}

/** The entries as stored, or a 400 naming every one that is neither a server's tool nor a built-in, or that repeats another. */
function entriesOf(tools: AssistantToolDto[]): AssistantToolEntry[] {
  const problems: FieldProblem[] = [];
  const seen = new Map<string, number>();
  const entries = tools.map((tool, i): AssistantToolEntry => {
    const field = `tools.${i}`;
    if (tool.builtin !== undefined && (tool.serverId !== undefined || (tool.name !== undefined && tool.name !== tool.builtin))) {
      problems.push({ field, messages: [`${field}: a built-in tool takes no serverId and no other name`] });
    } else if (tool.builtin === undefined && (tool.serverId === undefined || tool.name === undefined)) {
      problems.push({ field, messages: [`${field}: give serverId and name (a tool the server lists, or "*"), or builtin`] });
    }
    const key = tool.builtin ? `builtin/${tool.builtin}` : `${tool.serverId}/${tool.name}`;
    if (seen.has(key)) problems.push({ field, messages: [`${field} repeats tools.${seen.get(key)}`] });
    else seen.set(key, i);
    return tool.builtin
      ? { serverId: null, builtin: tool.builtin, name: tool.builtin, approval: tool.approval ?? null }
      : { serverId: tool.serverId ?? null, builtin: null, name: tool.name ?? '*', approval: tool.approval ?? null };
  });
  if (problems.length) throw new ValidationProblem(problems);
  return entries;
}
