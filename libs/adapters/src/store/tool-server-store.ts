import { canUseToolServer, type ListedToolView, type Principal } from '@assistants/common';
import type { Prisma, SqlStatements, ToolServer } from '@assistants/db';
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
  /** The database's own connection, for the statements a chat turn runs. */
  sql: SqlStatements;
}

const NO_SECRETS: ToolServerSecrets = { headers: {}, env: {} };

/** What connectionFor needs of a server: its row, whether the assistant links it, and the assistant's owner. */
export interface ServerForCall {
  server:
    | (Pick<ToolServerRecord, 'id' | 'name' | 'ownerId' | 'transport' | 'url' | 'command' | 'args' | 'secrets' | 'shared'> & {
        linked: boolean | null;
        ownerRole: string | null;
        assistantOwner: string | null;
      })
    | null;
}

/**
 * A SQL expression: the server `serverId` as one JSON value (null when it is gone), with whether
 * the assistant `assistantId` links it and who owns that assistant (both SQL expressions, so a
 * call's claim can read its server in the same statement).
 */
export function serverForCallSql(serverId: string, assistantId: string): string {
  return `(SELECT jsonb_build_object('id', s.id, 'name', s.name, 'ownerId', s.owner_id, 'transport', s.transport::text, 'url', s.url,
      'command', s.command, 'args', s.args, 'secrets', s.secrets, 'shared', s.shared, 'assistantOwner', u.id, 'ownerRole', u.role::text,
      'linked', EXISTS (SELECT 1 FROM assistant_tools t WHERE t.assistant_id = a.id AND t.server_id = s.id))
    FROM tool_servers s LEFT JOIN assistants a ON a.id = ${assistantId} LEFT JOIN users u ON u.id = a.owner_id
    WHERE s.id = ${serverId})`;
}

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
    // One statement on the database's own connection: a chat turn asks before every call.
    const [server] = await this.options.sql.query<ServerForCall>(`SELECT ${serverForCallSql('$1', '$2::uuid')} AS server`, [serverId, forAssistant ?? null]);
    return this.connectionFor(server?.server ?? null, !!forAssistant);
  }

  /** A server as serverForCallSql reads it, checked and with its secrets opened; null when the assistant may not use it (`checked`) or it is gone. */
  connectionFor(server: ServerForCall['server'], checked: boolean): { name: string; connection: ToolServerConnection } | null {
    if (!server || (server.transport === 'stdio' && !this.options.stdio)) return null;
    if (
      checked &&
      !(server.linked && server.assistantOwner && canUseToolServer(server, { id: server.assistantOwner, role: server.ownerRole as Principal['role'] }))
    )
      return null;
    const { headers, env } = this.openSecrets(server);
    const connection: ToolServerConnection =
      server.transport === 'http'
        ? { transport: 'http', url: server.url!, headers }
        : { transport: 'stdio', command: server.command!, args: server.args ?? [], env };
    return { name: server.name, connection };
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
