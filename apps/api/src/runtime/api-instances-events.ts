import { EVENTS_CHANNEL, LocalEventBus } from '@assistants/adapters';
import type { PlatformEvent } from '@assistants/common';
import type { AppConfig } from '@assistants/config';
import type { EventPublisher } from '@assistants/domain';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectConfig } from '../config/config.module';
import { PrismaService } from '../database/prisma.service';

/** Where this process's embedded activities publish: the local bus, or Redis for every instance. */
export const ACTIVITY_EVENTS = Symbol('ACTIVITY_EVENTS');

type SharedEventsChannel = { kind: 'redis'; url: string; keyPrefix: string } | { kind: 'postgres'; url: string } | null;

/** How other processes' events reach this API instance (and every other one): Redis, PostgreSQL NOTIFY, or not at all. */
export function sharedEventsChannel({ redis, temporal, databaseUrl }: AppConfig): SharedEventsChannel {
  if (redis.url) return { kind: 'redis', url: redis.url, keyPrefix: redis.keyPrefix };
  // Workers are other processes; without Redis their events come through the shared database.
  return temporal.address && databaseUrl ? { kind: 'postgres', url: databaseUrl } : null;
}

/**
 * Events from this API instance for every API instance, itself included: a key revoked or an
 * account disabled on one closes its sockets on all of them. They go over the channel the workers' events take.
 */
@Injectable()
export class ApiInstancesEvents {
  private readonly logger = new Logger(ApiInstancesEvents.name);
  private readonly channel: SharedEventsChannel;

  constructor(
    private readonly bus: LocalEventBus,
    @Inject(ACTIVITY_EVENTS) private readonly activityEvents: EventPublisher,
    private readonly prisma: PrismaService,
    @InjectConfig() config: AppConfig,
  ) {
    this.channel = sharedEventsChannel(config);
  }

  publish(event: PlatformEvent): void {
    // This instance at once, even while the channel is down; hearing it back from the channel does no harm.
    this.bus.publish(event);
    // With Redis, this process's activities already publish to every instance (ACTIVITY_EVENTS is that publisher then).
    if (this.channel?.kind === 'redis') this.activityEvents.publish(event);
    else if (this.channel?.kind === 'postgres') {
      this.prisma.db.sql
        .query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, JSON.stringify(event)])
        .catch((error) => this.logger.warn(`could not tell the other API instances about ${event.type}: ${(error as Error).message}`));
    }
  }
}
