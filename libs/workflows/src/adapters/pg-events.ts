import { Client, type Pool } from 'pg';
import type { EventPublisher, PlatformEvent } from '../ports/events';

export const EVENTS_CHANNEL = 'assistants_events';
/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; longer deltas are split. */
const MAX_PAYLOAD = 7000;

function split(event: PlatformEvent): PlatformEvent[] {
  if (event.type !== 'message.delta' || Buffer.byteLength(JSON.stringify(event)) < MAX_PAYLOAD) return [event];
  const pieces: PlatformEvent[] = [];
  for (let i = 0; i < event.delta.length; i += 1000) pieces.push({ ...event, delta: event.delta.slice(i, i + 1000) });
  return pieces;
}

/**
 * Events from a worker process to the API processes, over the database they
 * share: no extra broker to run. Ordered per connection, which one pool client keeps.
 */
export class PgNotifyPublisher implements EventPublisher {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly pool: Pool) {
    pool.on('error', () => undefined);
  }

  publish(event: PlatformEvent): void {
    for (const piece of split(event)) {
      this.queue = this.queue.then(() => this.pool.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, JSON.stringify(piece)])).catch(() => undefined);
    }
  }

  /** Resolves once every event published so far has been sent. */
  flush(): Promise<unknown> {
    return this.queue;
  }
}

/** Listens for worker events and hands them to `publish` (the API's local bus). Returns a stop function. */
export async function listenToPgEvents(databaseUrl: string, publish: (event: PlatformEvent) => void): Promise<() => Promise<void>> {
  const client = new Client({ connectionString: databaseUrl });
  // A dropped connection must not crash the API; live events pause, polling still works.
  client.on('error', () => undefined);
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
  return () => client.end();
}
