import { Injectable, InjectionToken, computed, inject, signal } from '@angular/core';
import { LIVE_CLOSE_CODES, type ClientMessage, type ServerMessage, type SubscriptionTarget, type ToolCallEvent } from '@assistants/common';
import { Observable, Subject } from 'rxjs';
import { AuthService } from '../auth/auth.service';

/** How a socket is made; tests swap in a fake. */
export const WEB_SOCKET_FACTORY = new InjectionToken<(url: string) => WebSocket>('WEB_SOCKET_FACTORY', {
  providedIn: 'root',
  factory: () => (url: string) => new WebSocket(url),
});

/** Delay before reconnect attempt n (0-based): 0.5 s doubling up to 30 s, with jitter so clients do not return in step. */
export function reconnectDelay(attempt: number, random = Math.random): number {
  const base = Math.min(30_000, 500 * 2 ** attempt);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** What the socket delivers: the server's messages, and `tool.call` events as each call of an answer changes state. */
export type LiveMessage = ServerMessage | ToolCallEvent;

const targetKey = (target: SubscriptionTarget): string => JSON.stringify(Object.entries(target)[0]);

/**
 * One WebSocket to /api/ws for the whole app: keeps the wanted subscriptions, sends them again
 * after every reconnect, and says when live updates are lost so pages can poll instead.
 */
@Injectable({ providedIn: 'root' })
export class LiveService {
  private readonly auth = inject(AuthService);
  private readonly createSocket = inject(WEB_SOCKET_FACTORY);
  private readonly subject = new Subject<LiveMessage>();
  private readonly wanted = new Map<string, SubscriptionTarget>();
  private socket: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;

  /** Open and subscribed. */
  readonly connected = signal(false);
  /** The server said it cannot relay events (Redis down): poll until it subscribes again. */
  readonly liveUnavailable = signal(false);
  /** Was connected (or tried) and is not now: the banner shows. */
  readonly lost = signal(false);
  /** Whether pages should poll instead of waiting for events. */
  readonly degraded = computed(() => !this.connected() || this.liveUnavailable());
  readonly events: Observable<LiveMessage> = this.subject.asObservable();

  start(): void {
    if (this.running) return;
    this.running = true;
    this.open();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000);
    this.connected.set(false);
    this.lost.set(false);
    this.wanted.clear();
  }

  subscribe(target: SubscriptionTarget): void {
    this.wanted.set(targetKey(target), target);
    this.send({ type: 'subscribe', ...target });
  }

  unsubscribe(target: SubscriptionTarget): void {
    if (!this.wanted.delete(targetKey(target))) return;
    this.send({ type: 'unsubscribe', ...target });
  }

  private send(message: ClientMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private open(): void {
    const token = this.auth.token();
    if (!this.running || !token) return;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = this.createSocket(`${scheme}://${location.host}/api/ws?access_token=${encodeURIComponent(token)}`);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.connected.set(true);
      this.lost.set(false);
      for (const target of this.wanted.values()) this.send({ type: 'subscribe', ...target });
    };
    socket.onmessage = (event: MessageEvent) => this.receive(event.data);
    socket.onclose = (event: CloseEvent) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.connected.set(false);
      if (!this.running) return;
      this.lost.set(true);
      // A refused token will not get better by retrying; the next API call sends the person to sign in.
      if (event.code === LIVE_CLOSE_CODES.unauthorized) return;
      this.timer = setTimeout(() => {
        this.timer = null;
        this.open();
      }, reconnectDelay(this.attempt++));
    };
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: LiveMessage;
    try {
      message = JSON.parse(data) as LiveMessage;
    } catch {
      return;
    }
    if (message.type === 'error' && message.code === 'live_unavailable') this.liveUnavailable.set(true);
    if (message.type === 'subscribed') this.liveUnavailable.set(false);
    this.subject.next(message);
  }
}
