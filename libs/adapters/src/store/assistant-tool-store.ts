import { type BuiltinTool, canUseToolServer, DEFAULT_MAX_TOOL_ROUNDS, type ListedToolView } from '@assistants/common';
import type { PrismaClient } from '@assistants/db';
import type { Principal, ToolApproval } from '@assistants/common';
import {
  type AssistantToolEntry,
  type AssistantToolRecord,
  type AssistantToolStore,
  BUILTIN_TOOL_DEFINITIONS,
  defaultApproval,
  type LinkedTool,
  type LinkedTools,
} from '@assistants/domain';
import type { ToolStoreOptions } from './tool-server-store';

/**
 * An assistant's tools in PostgreSQL, through Prisma: the entries of `assistant_tools` in order,
 * and the assistant's max_tool_rounds, written with them (the assistants table has no store yet;
 * this column is the tools' own setting).
 */
export class PostgresAssistantToolStore implements AssistantToolStore {
  constructor(
    private readonly db: PrismaClient,
    private readonly options: ToolStoreOptions,
  ) {}

  async list(assistantId: string): Promise<{ entries: AssistantToolRecord[]; maxToolRounds: number } | null> {
    const assistant = await this.db.assistant.findUnique({
      where: { id: assistantId },
      select: { maxToolRounds: true, tools: { orderBy: { position: 'asc' }, include: { server: { select: { name: true, tools: true } } } } },
    });
    if (!assistant) return null;
    const entries = assistant.tools.map(({ serverId, builtin, name, approval, server }) => ({
      serverId,
      builtin: builtin as BuiltinTool | null,
      name,
      approval,
      server: server && { name: server.name, tools: server.tools as unknown as ListedToolView[] },
    }));
    return { entries, maxToolRounds: assistant.maxToolRounds };
  }

  async replace(assistantId: string, entries: AssistantToolEntry[], maxToolRounds: number): Promise<void> {
    await this.db.$transaction([
      // First: the assistant's row lock orders two replaces at once, so one list wins whole.
      this.db.assistant.update({ where: { id: assistantId }, data: { maxToolRounds }, select: { id: true } }),
      this.db.assistantTool.deleteMany({ where: { assistantId } }),
      this.db.assistantTool.createMany({
        data: entries.map(({ serverId, builtin, name, approval }, position) => ({ assistantId, serverId, builtin, name, approval, position })),
      }),
    ]);
  }

  /**
   * One statement on the database's own connection: every chat turn asks (most assistants have no
   * tools, and then this is all it costs), and a tool call asks again before it runs.
   */
  async linkedTools(assistantId: string): Promise<LinkedTools> {
    const rows = await this.options.sql.query<LinkedRow>(
      `SELECT a.max_tool_rounds AS "maxToolRounds", u.id AS "ownerId", u.role::text AS "ownerRole",
         t.server_id AS "serverId", t.builtin, t.name, t.approval::text AS approval,
         s.id AS "sid", s.name AS "serverName", s.owner_id AS "serverOwnerId", s.shared, s.transport::text AS transport, s.tools AS listed
       FROM assistants a JOIN users u ON u.id = a.owner_id
       LEFT JOIN assistant_tools t ON t.assistant_id = a.id
       LEFT JOIN tool_servers s ON s.id = t.server_id
       WHERE a.id = $1 ORDER BY t.position, t.created_at`,
      [assistantId],
    );
    const assistant = rows.length
      ? {
          maxToolRounds: rows[0].maxToolRounds,
          owner: { id: rows[0].ownerId, role: rows[0].ownerRole as Principal['role'] },
          tools: rows
            .filter((row) => row.name !== null)
            .map((row) => ({
              serverId: row.serverId,
              builtin: row.builtin,
              name: row.name!,
              approval: row.approval as ToolApproval | null,
              server: row.sid
                ? { id: row.sid, name: row.serverName!, ownerId: row.serverOwnerId!, shared: row.shared!, transport: row.transport!, tools: row.listed }
                : null,
            })),
        }
      : null;
    if (!assistant) return { tools: [], maxToolRounds: DEFAULT_MAX_TOOL_ROUNDS };
    const usable = assistant.tools.filter(
      ({ server }) => !server || (canUseToolServer(server, assistant.owner) && (server.transport !== 'stdio' || this.options.stdio)),
    );
    // A tool named on its own keeps its own approval even when "*" of its server comes first.
    const named = new Set(usable.filter((e) => e.server && e.name !== '*').map((e) => `${e.serverId}/${e.name}`));
    const tools: LinkedTool[] = [];
    const seen = new Set<string>();
    const add = (tool: LinkedTool) => {
      const key = `${tool.serverId ?? 'builtin'}/${tool.name}`;
      if (seen.has(key)) return;
      seen.add(key);
      tools.push(tool);
    };
    for (const entry of usable) {
      if (entry.builtin) {
        const definition = BUILTIN_TOOL_DEFINITIONS[entry.builtin as BuiltinTool];
        if (definition)
          add({
            ...definition,
            serverId: null,
            server: 'builtin',
            builtin: entry.builtin as BuiltinTool,
            approval: entry.approval ?? defaultApproval(definition.annotations),
          });
        continue;
      }
      const server = entry.server!;
      const listed = server.tools as unknown as ListedToolView[];
      const chosen = entry.name === '*' ? listed.filter((t) => !named.has(`${server.id}/${t.name}`)) : listed.filter((t) => t.name === entry.name);
      for (const tool of chosen) {
        add({
          serverId: server.id,
          server: server.name,
          builtin: null,
          name: tool.name,
          description: tool.description ?? '',
          inputSchema: tool.inputSchema,
          annotations: tool.annotations ?? null,
          approval: entry.approval ?? defaultApproval(tool.annotations),
        });
      }
    }
    return { tools, maxToolRounds: assistant.maxToolRounds };
  }
}

interface LinkedRow {
  maxToolRounds: number;
  ownerId: string;
  ownerRole: string;
  serverId: string | null;
  builtin: string | null;
  name: string | null;
  approval: string | null;
  sid: string | null;
  serverName: string | null;
  serverOwnerId: string | null;
  shared: boolean | null;
  transport: string | null;
  listed: unknown;
}
