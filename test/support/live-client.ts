import type { ServerMessage } from '@assistants/common';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';

/** Makes the app listen on a free loopback port (WebSocket needs a real socket) and returns its ws:// URL. */
export async function listenForWebSocket(app: INestApplication): Promise<string> {
  const server = app.getHttpServer();
  if (!server.listening) await app.listen(0, '127.0.0.1');
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/api/ws`;
}

export interface LiveTestClient {
  ws: WebSocket;
  /** Every message received, in order. */
  received: ServerMessage[];
  send(message: unknown): void;
  /** Resolves with the first message (received already or later) that matches, after index `from`. */
  next<T extends ServerMessage = ServerMessage>(match: (m: ServerMessage) => boolean, timeoutMs?: number, from?: number): Promise<T>;
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

/** A plain `ws` client, as any service would connect. Rejects with the HTTP status if the upgrade is refused. */
export function connectLive(url: string, token?: string, options: WebSocket.ClientOptions = {}): Promise<LiveTestClient> {
  const ws = new WebSocket(url, { ...options, headers: { ...(token && { Authorization: `Bearer ${token}` }), ...options.headers } });
  const received: ServerMessage[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data) => {
    received.push(JSON.parse(data.toString()));
    for (const wake of waiters) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  const client: LiveTestClient = {
    ws,
    received,
    closed,
    send: (message) => ws.send(JSON.stringify(message)),
    next: (match, timeoutMs = 15_000, from = 0) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = received.slice(from).find(match);
          if (!found) return false;
          cleanup();
          resolve(found as never);
          return true;
        };
        const timer = setTimeout(
          () => (cleanup(), reject(new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(received.map((m) => m.type))}`))),
          timeoutMs,
        );
        const cleanup = () => (clearTimeout(timer), waiters.delete(check));
        if (!check()) waiters.add(check);
      }),
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      ws.close();
      await closed;
    },
  };
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode })));
    ws.once('error', reject);
  });
}
