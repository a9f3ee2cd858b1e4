import { listServerTools, MASKED_SECRET, PostgresToolServerStore } from '@assistants/adapters';
import type { Caller, ToolServerView, ToolTransport } from '@assistants/common';
import type { AppConfig } from '@assistants/config';
import type { ToolListing, ToolServerConnection, ToolServerRecord, ToolServerSecrets } from '@assistants/domain';
import { ForbiddenException, Injectable } from '@nestjs/common';
import { assertToolServerAccess } from '../common/access';
import { type FieldProblem, ValidationProblem } from '../common/validation';
import { InjectConfig } from '../config/config.module';
import type { CreateToolServerDto, UpdateToolServerDto } from './dto/tool-server.dto';
import { toToolServerView } from './tool-server.view';
import { problemText } from '../common/errors';

/** Listing a server's tools waits this long at most (TOOL_CALL_TIMEOUT_MS when shorter): a person waits for the answer. */
const LISTING_TIMEOUT_MS = 15_000;
/** The fields of each transport; the others may not be sent with it. */
const FIELDS: Record<ToolTransport, readonly string[]> = { http: ['url', 'headers'], stdio: ['command', 'args', 'env'] };

@Injectable()
export class ToolServersService {
  constructor(
    private readonly servers: PostgresToolServerStore,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Loads a server and checks the caller may use it (read, link) or change it; used by every tools route. */
  async findOrFail(caller: Caller, id: string, need: 'use' | 'edit' = 'use'): Promise<ToolServerRecord> {
    return assertToolServerAccess(await this.servers.find(id), caller, need, id);
  }

  async list(caller: Caller): Promise<ToolServerView[]> {
    return (await this.servers.list(caller)).map(toToolServerView);
  }

  async get(caller: Caller, id: string): Promise<ToolServerView> {
    return toToolServerView(await this.findOrFail(caller, id));
  }

  async create(caller: Caller, dto: CreateToolServerDto): Promise<ToolServerView> {
    const { transport } = dto;
    if (transport === 'stdio') this.checkStdio(caller);
    if (dto.shared && caller.role !== 'admin') throw onlyAdminsShare();
    checkFields(transport, dto);
    const url = transport === 'http' ? checkUrl(dto.url) : null;
    if (transport === 'stdio' && !dto.command) throw new ValidationProblem([{ field: 'command', messages: ['command is required for a stdio server'] }]);
    const secrets = { headers: kept('headers', dto.headers ?? {}, null), env: kept('env', dto.env ?? {}, null) };
    const target = { transport, url, command: dto.command ?? null, args: dto.args ?? [] };
    const listing = await this.listTools(target, secrets);
    const server = await this.servers.create({ ...target, name: dto.name, ownerId: caller.id, secrets, shared: dto.shared ?? false, listing });
    return toToolServerView(server);
  }

  /** A change of where the server is or of its secrets connects again and lists its tools. */
  async update(caller: Caller, id: string, dto: UpdateToolServerDto): Promise<ToolServerView> {
    const current = await this.findOrFail(caller, id, 'edit');
    if (dto.shared !== undefined && dto.shared !== current.shared && caller.role !== 'admin') throw onlyAdminsShare();
    checkFields(current.transport, dto);
    const url = dto.url !== undefined ? checkUrl(dto.url) : current.url;
    const changesSecrets = dto.headers !== undefined || dto.env !== undefined;
    const reconnect = changesSecrets || dto.url !== undefined || dto.command !== undefined || dto.args !== undefined;
    if (current.transport === 'stdio') this.checkStdio(caller, reconnect);
    const secrets = changesSecrets ? this.changedSecrets(current, dto) : undefined;
    const target = { transport: current.transport, url, command: dto.command ?? current.command, args: dto.args ?? current.args };
    const listing = reconnect ? await this.listTools(target, secrets ?? this.storedSecrets(current)) : undefined;
    const change = { name: dto.name, shared: dto.shared, url: dto.url !== undefined ? url : undefined, command: dto.command, args: dto.args, secrets, listing };
    return toToolServerView(await this.servers.update(id, change));
  }

  async remove(caller: Caller, id: string): Promise<void> {
    await this.findOrFail(caller, id, 'edit');
    await this.servers.remove(id);
  }

  /** Connects, lists the tools again and stores them with the outcome (a failure keeps the tools listed before). */
  async refresh(caller: Caller, id: string): Promise<ToolServerView> {
    const server = await this.findOrFail(caller, id, 'edit');
    if (server.transport === 'stdio') this.checkStdio(caller);
    const listing = await this.listTools(server, this.storedSecrets(server));
    return toToolServerView(await this.servers.update(id, { listing }));
  }

  /** Commands that run on this host: for admins, and run (added, changed, refreshed) only where the operator allowed them. */
  private checkStdio(caller: Caller, runs = true): void {
    if (caller.role !== 'admin') throw new ForbiddenException(problemText('tool_server.stdio_admin_only'));
    if (runs && !this.config.tools.stdio) {
      throw new ForbiddenException(problemText('tool_server.stdio_disabled'));
    }
  }

  /** Connects and lists; secrets that can no longer be opened make the listing fail without trying. */
  private async listTools(target: Pick<ToolServerRecord, 'transport' | 'url' | 'command' | 'args'>, secrets: ToolServerSecrets | null): Promise<ToolListing> {
    if (!secrets) return { status: UNREADABLE_SECRETS, tools: null, at: new Date() };
    const { headers, env } = secrets;
    const connection: ToolServerConnection =
      target.transport === 'http' ? { transport: 'http', url: target.url!, headers } : { transport: 'stdio', command: target.command!, args: target.args, env };
    return listServerTools(connection, {
      allowPrivateNetworks: this.config.tools.allowPrivateNetworks,
      timeoutMs: Math.min(this.config.tools.callTimeoutMs, LISTING_TIMEOUT_MS),
    });
  }

  /** The stored values, or null when they can no longer be opened (SECRETS_KEY changed). */
  private storedSecrets(server: ToolServerRecord): ToolServerSecrets | null {
    try {
      return this.servers.openSecrets(server);
    } catch {
      return null;
    }
  }

  /** A sent map replaces its stored one ("••••" keeping a value); a map left out stays, which needs it readable. */
  private changedSecrets(server: ToolServerRecord, dto: UpdateToolServerDto): ToolServerSecrets {
    const stored = this.storedSecrets(server);
    const merged = (field: 'headers' | 'env', given: Record<string, string> | undefined, names: string[]) => {
      if (given) return kept(field, given, stored?.[field] ?? null);
      if (stored || names.length === 0) return stored?.[field] ?? {};
      throw new ValidationProblem([{ field, messages: [`${UNREADABLE_SECRETS}: send ${field} too`] }]);
    };
    return { headers: merged('headers', dto.headers, server.headerNames), env: merged('env', dto.env, server.envNames) };
  }
}

const UNREADABLE_SECRETS = 'The stored header and environment values can no longer be read (was SECRETS_KEY changed?): enter them again';

const onlyAdminsShare = () => new ForbiddenException(problemText('tool_server.share_admin_only'));

/** The values to store: "••••" keeps the stored value of that name (none when creating, or when they are unreadable). */
function kept(field: 'headers' | 'env', given: Record<string, string>, stored: Record<string, string> | null): Record<string, string> {
  const problems: string[] = [];
  const values = Object.fromEntries(
    Object.entries(given).map(([name, value]) => {
      if (value !== MASKED_SECRET) return [name, value];
      if (stored?.[name] === undefined) {
        problems.push(
          `${field}.${name}: "${MASKED_SECRET}" keeps a stored value, and ${stored ? 'none is stored under this name' : 'there is none to keep'}: enter the value`,
        );
      }
      return [name, stored?.[name] ?? ''];
    }),
  );
  if (problems.length) throw new ValidationProblem([{ field, messages: problems }]);
  return values;
}

/** A field of the other transport (a url for a stdio server, a command for an http one) is a mistake, not something to ignore. */
function checkFields(transport: ToolTransport, dto: object): void {
  const other = transport === 'http' ? FIELDS.stdio : FIELDS.http;
  const problems: FieldProblem[] = other
    .filter((field) => (dto as Record<string, unknown>)[field] !== undefined)
    .map((field) => ({ field, messages: [`${field} is for ${transport === 'http' ? 'stdio' : 'http'} servers; this one is ${transport}`] }));
  if (problems.length) throw new ValidationProblem(problems);
}

/** An http(s) URL, as the URL parser writes it; credentials belong in headers, which are encrypted. */
function checkUrl(url: string | undefined): string {
  const problem = (message: string) => new ValidationProblem([{ field: 'url', messages: [message] }]);
  if (!url) throw problem('url is required for an http server');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw problem('url must be an absolute http or https URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw problem(`url must be http or https, not ${parsed.protocol.replace(/:$/, '')}`);
  if (parsed.username || parsed.password) throw problem('url may not carry a user name or password: send credentials in headers, which are stored encrypted');
  return parsed.href;
}
