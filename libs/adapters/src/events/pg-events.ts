import { Client, type Pool } from 'pg';
import type { EventPublisher, PlatformEvent } from '@assistants/domain';

export const EVENTS_CHANNEL = 'assistants_events';

/**
 * Events from a worker process to the API processes, over the database they
 * share: no extra broker to run. Ordered per connection, which one pool client keeps.
 */
export class PgNotifyPublisher implements EventPublisher {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly pool: Pool) {
    pool.on('error', () => undefined);
  }

  // PostgreSQL refuses NOTIFY payloads of 8000 bytes or more: the producer publishes deltas in
  // pieces of at most 1000 characters (each with its own seq) and message.done without the message.
  publish(event: PlatformEvent): void {
    this.queue = this.queue.then(() => this.pool.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, JSON.stringify(event)])).catch(() => undefined);
  }

  /** Resolves once every event published so far has been sent. */
  flush(): Promise<unknown> {
    return this.queue;
  }
}

/** Listens for worker events and hands them to `publish` (the API's local bus). Returns a stop function. */
export async function listenToPgEvents(
  databaseUrl: string,
  publish: (event: PlatformEvent) => void,
  onStatus: (available: boolean) => void = () => undefined,
): Promise<() => Promise<void>> {
  const client = new Client({ connectionString: databaseUrl });
  // A dropped connection must not crash the API; live events pause (clients are told), polling still works.
  let stopping = false;
  client.on('error', () => onStatus(false));
  client.on('end', () => stopping || onStatus(false));
  await client.connect();
  client.on('notification', (message) => {
    if (message.channel !== EVENTS_CHANNEL || !message.payload) return;
    try {
      publish(JSON.parse(message.payload) as PlatformEvent);
    } catch {
      // A malformed payload is not ours to act on.
    }
  });
  await client.query(`LISTEN ${EVENTS_CHANNEL}`);
  return () => {
    stopping = true;
    return client.end();
  };
}
