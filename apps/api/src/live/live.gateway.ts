import { type Caller, type ClientMessage, LIVE_CLOSE_CODES, type ServerMessage, type SubscriptionTarget } from '@assistants/common';
import type { AppConfig } from '@assistants/config';
import { Logger, type OnModuleDestroy, UnauthorizedException } from '@nestjs/common';
import { type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { IncomingMessage } from 'node:http';
import type { RawData, WebSocket, WebSocketServer } from 'ws';
import { AuthService } from '../auth/auth.service';
import { InjectConfig } from '../config/config.module';
import { LiveRevocation } from './live-revocation';
import { type LiveClient, LiveService } from './live.service';

/** Where the upgrade request carries the caller from verifyClient to the connection handler. */
const CALLER = Symbol('caller');
type UpgradeRequest = IncomingMessage & { [CALLER]?: Caller };
type VerifyCallback = (ok: boolean, code?: number, message?: string, headers?: Record<string, string>) => void;

const TARGET_KEYS = ['conversationId', 'documentId', 'assistantId'] as const;

/** The token of an upgrade request: "Authorization: Bearer …" (services) or ?access_token=… (browsers cannot set headers). */
export function upgradeToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (header) return /^Bearer\s+(\S+)$/i.exec(header.trim())?.[1] ?? null;
  return new URL(req.url ?? '/', 'http://localhost').searchParams.get('access_token');
}

/** Reads a client message; null when it is not one of ours. */
function parse(data: RawData): ClientMessage | null {
  let message: unknown;
  try {
    message = JSON.parse(data.toString());
  } catch {
    return null;
  }
  if (!message || typeof message !== 'object') return null;
  const m = message as Record<string, unknown>;
  if (m.type === 'ping') return { type: 'ping', ...(typeof m.id === 'string' && { id: m.id.slice(0, 100) }) };
  if (m.type !== 'subscribe' && m.type !== 'unsubscribe') return null;
  const given = TARGET_KEYS.filter((key) => m[key] !== undefined);
  if (given.length !== 1 || typeof m[given[0]] !== 'string') return null;
  return { type: m.type, [given[0]]: m[given[0]] } as ClientMessage;
}

/**
 * Live updates over plain RFC 6455 WebSocket at /api/ws, on the API's own HTTP server. The caller
 * is authenticated at the upgrade (a bad token gets HTTP 401, no socket); heartbeats find dead sockets.
 */
@WebSocketGateway({ path: '/api/ws', maxPayload: 16 * 1024 })
export class LiveGateway implements OnGatewayInit<WebSocketServer>, OnGatewayConnection<WebSocket>, OnGatewayDisconnect<WebSocket>, OnModuleDestroy {
  private readonly logger = new Logger(LiveGateway.name);
  private readonly bySocket = new WeakMap<WebSocket, LiveClient>();
  private heartbeat?: NodeJS.Timeout;

  constructor(
    private readonly auth: AuthService,
    private readonly live: LiveService,
    private readonly revocation: LiveRevocation,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  afterInit(server: WebSocketServer): void {
    // ws reads this option at every upgrade; it needs the AuthService, which the decorator cannot reach.
    // A check that throws (the limits' Redis gone) refuses the upgrade instead of leaving it hanging and the rejection unheard.
    server.options.verifyClient = (info: { req: IncomingMessage }, done: VerifyCallback) =>
      void this.verify(info.req as UpgradeRequest, done).catch(() => done(false, 503, 'The live service cannot check this connection now; try again shortly.'));
    this.heartbeat = setInterval(() => this.beat(), this.config.live.heartbeatMs).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.heartbeat);
  }

  handleConnection(socket: WebSocket, req: UpgradeRequest): void {
    const caller = req[CALLER];
    if (!caller) return socket.close(LIVE_CLOSE_CODES.unauthorized, 'Unauthorized');
    const client = this.live.connect(socket, caller);
    this.bySocket.set(socket, client);
    this.revocation.watchExpiry(client);
    socket.on('pong', () => (client.alive = true));
    // One message at a time per socket, in the order sent, though each is checked asynchronously.
    let queue = Promise.resolve();
    socket.on('message', (data) => (queue = queue.then(() => this.onMessage(client, data)).catch(() => undefined)));
  }

  handleDisconnect(socket: WebSocket): void {
    const client = this.bySocket.get(socket);
    if (client) this.live.disconnect(client);
  }

  private async verify(req: UpgradeRequest, done: VerifyCallback): Promise<void> {
    const refuse = (status: number, detail: string) =>
      done(false, status, JSON.stringify({ type: 'about:blank', title: status === 401 ? 'Unauthorized' : 'Too Many Requests', status, detail }), {
        'Content-Type': 'application/problem+json',
      });
    const token = upgradeToken(req);
    if (!token) return refuse(401, 'Send "Authorization: Bearer <token or API key>" or ?access_token=<token> with the upgrade.');
    let caller: Caller;
    try {
      caller = await this.auth.authenticate(token);
    } catch (error) {
      return refuse(401, (error as Error).message);
    }
    const refusal = await this.live.limits.checkConnection(caller);
    if (refusal) return refuse(refusal.code === 'rate_limited' ? 429 : 403, refusal.message);
    req[CALLER] = caller;
    done(true);
  }

  private async onMessage(client: LiveClient, data: RawData): Promise<void> {
    client.alive = true;
    const refusal = await this.live.limits.checkMessage(client.caller);
    if (refusal) {
      this.live.error(client, refusal.code, refusal.message);
      if (refusal.code === 'rate_limited') client.socket.close(LIVE_CLOSE_CODES.rateLimited, refusal.message.slice(0, 120));
      return;
    }
    if (!(await this.stillAllowed(client))) return;
    const message = parse(data);
    if (!message) {
      return this.live.error(
        client,
        'bad_message',
        'Send JSON: {"type":"subscribe"|"unsubscribe","conversationId"|"documentId"|"assistantId":"<id>"} or {"type":"ping"}.',
      );
    }
    if (message.type === 'ping') return this.live.send(client, JSON.stringify({ type: 'pong', ...(message.id && { id: message.id }) } satisfies ServerMessage));
    const { type, ...target } = message;
    if (type === 'unsubscribe') return this.live.unsubscribe(client, target as SubscriptionTarget);
    try {
      await this.live.subscribe(client, target as SubscriptionTarget);
    } catch (error) {
      this.logger.warn(`subscribe failed: ${(error as Error).message}`);
      this.live.error(client, 'live_unavailable', 'The subscription could not be set up; try again, or poll.', target as SubscriptionTarget);
    }
  }

  /**
   * Each message is checked like a request: the account may have been disabled or its sessions
   * ended (and the socket's close missed) since the upgrade, or its key revoked; a demoted admin
   * subscribes as a member, and loses what a member may not follow.
   */
  private async stillAllowed(client: LiveClient): Promise<boolean> {
    const { role } = client.caller;
    try {
      client.caller = await this.auth.recheck(client.caller);
    } catch (error) {
      if (!(error instanceof UnauthorizedException)) throw error;
      this.live.closeUnauthorized(client, error.message);
      return false;
    }
    // The word of the role change may have been lost on its way from another instance.
    if (client.caller.role !== role) await this.revocation.recheckSubscriptions(client);
    return true;
  }

  /** Pings every socket; one that did not answer since the last round is dead and closed. */
  private beat(): void {
    for (const client of this.live.clients) {
      if (!client.alive) {
        this.live.disconnect(client);
        client.socket.terminate();
        continue;
      }
      client.alive = false;
      client.socket.ping();
    }
  }
}
