import { canUseToolServer, type ListedToolView, type Principal } from '@assistants/common';
import type { Prisma, ToolServer } from '@assistants/db';
import type {
  NewToolServer,
  ToolListing,
  ToolServerChange,
  ToolServerConnection,
  ToolServerRecord,
  ToolServerSecrets,
  ToolServerStore,
} from '@assistants/domain';
import type { SecretBox } from '../secrets/secret-box';

/** What the tool stores need to know of the configuration. */
export interface ToolStoreOptions {
  /** TOOLS_STDIO: while it is off, stdio servers are neither connected to nor offered to turns. */
  stdio: boolean;
}

const NO_SECRETS: ToolServerSecrets = { headers: {}, env: {} };

/**
 * Tool servers in PostgreSQL, through Prisma. Header and environment values are sealed together
 * as one JSON object ({headers, env}) in `secrets`; only their names are kept in the clear.
 */
export class PostgresToolServerStore implements ToolServerStore {
  constructor(
    private readonly db: Prisma.TransactionClient,
    private readonly box: SecretBox,
    private readonly options: ToolStoreOptions,
  ) {}

  async find(id: string): Promise<ToolServerRecord | null> {
    const row = await this.db.toolServer.findUnique({ where: { id } });
    return row && toRecord(row);
  }

  async list(who?: Principal): Promise<ToolServerRecord[]> {
    const where: Prisma.ToolServerWhereInput = !who || who.role === 'admin' ? {} : { OR: [{ ownerId: who.id }, { shared: true }] };
    const rows = await this.db.toolServer.findMany({ where, orderBy: [{ name: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }] });
    return rows.map(toRecord);
  }

  async create({ secrets, listing, ...server }: NewToolServer): Promise<ToolServerRecord> {
    const row = await this.db.toolServer.create({ data: { ...server, ...this.sealed(secrets), ...listed(listing) } });
    return toRecord(row);
  }

  async update(id: string, { secrets, listing, ...change }: ToolServerChange): Promise<ToolServerRecord> {
    const row = await this.db.toolServer.update({ where: { id }, data: { ...change, ...(secrets && this.sealed(secrets)), ...(listing && listed(listing)) } });
    return toRecord(row);
  }

  async remove(id: string): Promise<void> {
    await this.db.toolServer.delete({ where: { id } });
  }

  openSecrets({ secrets }: Pick<ToolServerRecord, 'secrets'>): ToolServerSecrets {
    if (!secrets) return NO_SECRETS;
    const { headers = {}, env = {} } = JSON.parse(this.box.open(secrets)) as Partial<ToolServerSecrets>;
    return { headers, env };
  }

  async toolServerConnection(serverId: string, forAssistant?: string): Promise<{ name: string; connection: ToolServerConnection } | null> {
    const server = await this.find(serverId);
    if (!server || (server.transport === 'stdio' && !this.options.stdio)) return null;
    if (forAssistant && !(await this.assistantMayUse(forAssistant, server))) return null;
    const { headers, env } = this.openSecrets(server);
    const connection: ToolServerConnection =
      server.transport === 'http' ? { transport: 'http', url: server.url!, headers } : { transport: 'stdio', command: server.command!, args: server.args, env };
    return { name: server.name, connection };
  }

  /** The assistant still links the server, and its owner may still use it (the rule of a turn at the time it calls). */
  private async assistantMayUse(assistantId: string, server: ToolServerRecord): Promise<boolean> {
    const assistant = await this.db.assistant.findUnique({
      where: { id: assistantId },
      select: { owner: { select: { id: true, role: true } }, tools: { where: { serverId: server.id }, select: { id: true }, take: 1 } },
    });
    return !!assistant && assistant.tools.length > 0 && canUseToolServer(server, assistant.owner);
  }

  /** The values sealed as one, and the names beside them in the clear. */
  private sealed({ headers, env }: ToolServerSecrets) {
    const none = Object.keys(headers).length === 0 && Object.keys(env).length === 0;
    return { headerNames: Object.keys(headers), envNames: Object.keys(env), secrets: none ? null : this.box.seal(JSON.stringify({ headers, env })) };
  }
}

/** A failed listing keeps the tools (and when they were listed) as they were. */
function listed({ status, tools, at }: ToolListing) {
  return tools ? { status, tools: tools as unknown as Prisma.InputJsonValue, refreshedAt: at } : { status };
}

function toRecord(row: ToolServer): ToolServerRecord {
  return { ...row, tools: row.tools as unknown as ListedToolView[] };
}
