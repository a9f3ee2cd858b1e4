import Redis from 'ioredis';
import type { EventPublisher, PlatformEvent } from '@assistants/domain';

export const redisEventsChannel = (keyPrefix: string) => `${keyPrefix}events`;

/**
 * Events from a worker (or an API's embedded runner) to every API instance, over Redis pub/sub.
 * One connection keeps them in order. While Redis is unreachable events are dropped, not queued:
 * the database stays the source of truth and clients poll (they get an `error` event).
 */
export class RedisEventPublisher implements EventPublisher {
  private readonly redis: Redis;
  private readonly channel: string;
  /** Events that could not be sent (Redis down); for logs and benchmarks. */
  dropped = 0;

  constructor(url: string, keyPrefix: string) {
    this.channel = redisEventsChannel(keyPrefix);
    this.redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.redis.on('error', () => undefined);
  }

  /** Connects once; a Redis that is down now is retried in the background. */
  async connect(): Promise<void> {
    await this.redis.connect().catch(() => undefined);
  }

  publish(event: PlatformEvent): void {
    if (this.redis.status !== 'ready') {
      this.dropped++;
      return;
    }
    this.redis.publish(this.channel, JSON.stringify(event)).catch(() => this.dropped++);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * Hands every event on the Redis channel to `publish` (the API's local bus) and tells `onStatus`
 * when live events stop or resume. ioredis reconnects and resubscribes by itself. Returns a stop function.
 */
export function listenToRedisEvents(
  url: string,
  keyPrefix: string,
  publish: (event: PlatformEvent) => void,
  onStatus: (available: boolean) => void = () => undefined,
): () => Promise<void> {
  const channel = redisEventsChannel(keyPrefix);
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: null });
  let available = false;
  const set = (value: boolean) => {
    if (value === available) return;
    available = value;
    onStatus(value);
  };
  redis.on('error', () => undefined);
  redis.on('close', () => set(false));
  redis.on('message', (from: string, payload: string) => {
    if (from !== channel) return;
    try {
      publish(JSON.parse(payload) as PlatformEvent);
    } catch {
      // A malformed payload is not ours to act on.
    }
  });
  // Live again once the channel is subscribed (ioredis resubscribes after every reconnect).
  const subscribe = () =>
    redis.subscribe(channel).then(
      () => set(true),
      () => undefined,
    );
  redis.on('ready', () => void subscribe());
  redis.connect().catch(() => undefined);
  return async () => {
    await redis.quit().catch(() => redis.disconnect());
  };
}
