import { TestBed } from '@angular/core/testing';
import { provideHttpClient } from '@angular/common/http';
import type { ServerMessage } from '@assistants/common';
import { AuthService } from '../auth/auth.service';
import { LiveService, WEB_SOCKET_FACTORY, reconnectDelay, type LiveMessage } from './live.service';

/** A socket the test drives: open, receive, close. */
class FakeSocket {
  static readonly OPEN = 1;
  readyState = 0;
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(message: ServerMessage) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

describe('LiveService', () => {
  let sockets: FakeSocket[];

  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        { provide: WEB_SOCKET_FACTORY, useValue: (url: string) => sockets[sockets.push(new FakeSocket(url)) - 1] as unknown as WebSocket },
        { provide: AuthService, useValue: { token: () => 'jwt/1' } },
      ],
    });
  });

  afterEach(() => vi.useRealTimers());

  it('connects with the token, subscribes, and passes events on', () => {
    const live = TestBed.inject(LiveService);
    const seen: LiveMessage[] = [];
    live.events.subscribe((e) => seen.push(e));
    live.start();
    expect(sockets[0].url).toMatch(/\/api\/ws\?access_token=jwt%2F1$/);
    live.subscribe({ conversationId: 'c1' });
    sockets[0].open();
    expect(sockets[0].sent).toEqual([{ type: 'subscribe', conversationId: 'c1' }]);
    expect(live.connected()).toBe(true);
    sockets[0].receive({ type: 'typing', taskId: 't', conversationId: 'c1', messageId: 'm', state: 'start' });
    expect(seen.map((e) => e.type)).toEqual(['typing']);
    live.unsubscribe({ conversationId: 'c1' });
    expect(sockets[0].sent.at(-1)).toEqual({ type: 'unsubscribe', conversationId: 'c1' });
  });

  it('shows the banner when the socket drops, reconnects with growing delays, and subscribes again', () => {
    const live = TestBed.inject(LiveService);
    live.start();
    live.subscribe({ conversationId: 'c1' });
    sockets[0].open();
    sockets[0].drop();
    expect(live.lost()).toBe(true);
    expect(live.degraded()).toBe(true);

    vi.advanceTimersByTime(399);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(250); // first retry after ~0.5 s (±20 %)
    expect(sockets).toHaveLength(2);
    sockets[1].drop(); // a failed attempt: the next waits about twice as long
    vi.advanceTimersByTime(700);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(600);
    expect(sockets).toHaveLength(3);

    sockets[2].open();
    expect(live.lost()).toBe(false);
    expect(sockets[2].sent).toEqual([{ type: 'subscribe', conversationId: 'c1' }]);
  });

  it('falls back to polling while the server cannot relay, until it subscribes again', () => {
    const live = TestBed.inject(LiveService);
    live.start();
    sockets[0].open();
    sockets[0].receive({ type: 'error', code: 'live_unavailable', message: 'Live updates are unavailable.' });
    expect(live.degraded()).toBe(true);
    sockets[0].receive({ type: 'subscribed', conversationId: 'c1' });
    expect(live.degraded()).toBe(false);
  });

  it('stops for good on stop()', () => {
    const live = TestBed.inject(LiveService);
    live.start();
    sockets[0].open();
    live.stop();
    sockets[0].drop(1000);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    expect(live.lost()).toBe(false);
  });

  it('backs off exponentially up to 30 s', () => {
    expect([0, 1, 2, 3].map((n) => reconnectDelay(n, () => 0.5))).toEqual([500, 1000, 2000, 4000]);
    expect(reconnectDelay(20, () => 0.5)).toBe(30_000);
    expect(reconnectDelay(0, () => 0)).toBe(400);
    expect(reconnectDelay(0, () => 1)).toBe(600);
  });
});
