import type { AppConfig } from '@assistants/config';
import type { EventPublisher } from '@assistants/domain';
import {
  CpuPool,
  createActivities,
  createActivityDeps,
  createSearchStack,
  EmbeddedWorkflowRunner,
  type SearchStack,
  startSearchCacheWarmUp,
  TemporalWorkflowRunner,
  type WorkflowRunner,
} from '@assistants/runtime';
import { listenToPgEvents, listenToRedisEvents, LocalEventBus, RedisEventPublisher } from '@assistants/adapters';
import { type BeforeApplicationShutdown, Global, Inject, Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, InjectConfig } from '../config/config.module';
import { PrismaService } from '../database/prisma.service';
import { ACTIVITY_EVENTS, ApiInstancesEvents, sharedEventsChannel } from './api-instances-events';

export const WORKFLOW_RUNNER = Symbol('WORKFLOW_RUNNER');
/** Worker threads for ingest's and chat's CPU work; embedded mode only (Temporal's worker has its own). */
const CPU_POOL = Symbol('CPU_POOL');
export const InjectRunner = () => Inject(WORKFLOW_RUNNER);
/** The indexes, embedder and retriever: one set per process, shared by the embedded runner and the search endpoint. */
export const SEARCH_STACK = Symbol('SEARCH_STACK');
export const InjectSearch = () => Inject(SEARCH_STACK);

/** Whether events from workers currently reach this process (live clients are told when they stop). */
@Injectable()
export class LiveFeedStatus {
  available = true;
  private readonly listeners = new Set<(available: boolean) => void>();

  set(available: boolean): void {
    if (available === this.available) return;
    this.available = available;
    for (const listener of this.listeners) listener(available);
  }

  onChange(listener: (available: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Closes the runner before the database goes, and relays other processes' events into the local bus. */
@Injectable()
class RuntimeLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stopListening?: () => Promise<void>;

  constructor(
    @InjectRunner() private readonly runner: WorkflowRunner,
    private readonly bus: LocalEventBus,
    private readonly feed: LiveFeedStatus,
    @Inject(ACTIVITY_EVENTS) private readonly activityEvents: EventPublisher,
    @InjectConfig() private readonly config: AppConfig,
    @Inject(CPU_POOL) private readonly cpu: CpuPool | null,
    @InjectSearch() private readonly search: SearchStack,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const channel = sharedEventsChannel(this.config);
    if (channel?.kind === 'redis') {
      // Every instance hears every worker (and every embedded runner) through Redis.
      this.feed.set(false);
      this.stopListening = listenToRedisEvents(
        channel.url,
        channel.keyPrefix,
        (event) => this.bus.publish(event),
        (up) => this.feed.set(up),
      );
    } else if (channel?.kind === 'postgres') {
      this.stopListening = await listenToPgEvents(
        channel.url,
        (event) => this.bus.publish(event),
        (up) => this.feed.set(up),
      );
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stopListening?.();
    await this.runner.close();
    if (this.activityEvents instanceof RedisEventPublisher) await this.activityEvents.close();
    await this.cpu?.close();
    await this.search.close();
  }
}

@Global()
@Module({
  providers: [
    { provide: LocalEventBus, useValue: new LocalEventBus() },
    LiveFeedStatus,
    {
      provide: ACTIVITY_EVENTS,
      inject: [APP_CONFIG, LocalEventBus],
      useFactory: async (config: AppConfig, bus: LocalEventBus): Promise<EventPublisher> => {
        if (!config.redis.url) return bus;
        const publisher = new RedisEventPublisher(config.redis.url, config.redis.keyPrefix);
        await publisher.connect();
        return publisher;
      },
    },
    {
      provide: CPU_POOL,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<CpuPool | null> => {
        if (config.temporal.address) return null;
        // Warmed now, not on the first chat turn or ingest. Every token count (prompts, usage,
        // chunks) happens in the pool's threads: this one never loads the tokenizer's tables.
        const pool = new CpuPool(config.ingest.threads, { memoryMb: config.ingest.threadMemoryMb });
        await pool.warm();
        return pool;
      },
    },
    {
      provide: SEARCH_STACK,
      inject: [APP_CONFIG, PrismaService],
      useFactory: (config: AppConfig, prisma: PrismaService): SearchStack => {
        const logger = new Logger('Search');
        // With Temporal, workers ingest and answer; this process only serves the search endpoint.
        const warmUp = config.env !== 'test' && !config.temporal.address;
        const stack = createSearchStack(config, prisma.client, (message) => logger.warn(message), { warmUp, database: prisma.db });
        logger.log(`text leg: ${stack.texts.engine}, vector leg: ${stack.vectors.engine ?? 'vector'} (${stack.embedder.model})`);
        // The caches of the assistants in use, filled now rather than on their first question.
        if (config.env !== 'test') void startSearchCacheWarmUp(stack, prisma.db, logger);
        return stack;
      },
    },
    {
      provide: WORKFLOW_RUNNER,
      inject: [APP_CONFIG, PrismaService, ACTIVITY_EVENTS, CPU_POOL, SEARCH_STACK],
      useFactory: async (
        config: AppConfig,
        prisma: PrismaService,
        events: EventPublisher,
        cpu: CpuPool | null,
        search: SearchStack,
      ): Promise<WorkflowRunner> => {
        const logger = new Logger('Workflows');
        if (config.temporal.address) {
          const runner = await TemporalWorkflowRunner.connect({ ...config.temporal, address: config.temporal.address });
          logger.log(`starting workflows on Temporal at ${config.temporal.address}, task queue "${config.temporal.taskQueue}"`);
          return runner;
        }
        logger.log('running workflows in process (embedded mode)');
        return new EmbeddedWorkflowRunner(
          (env) =>
            createActivities(
              createActivityDeps(config, prisma.client, events, env, {
                cpu: cpu ?? undefined,
                database: prisma.db,
                warn: (message) => logger.warn(message),
                search,
              }),
            ),
          (workflowId, error) => logger.warn(`${workflowId} ended with an error: ${(error as Error)?.message ?? error}`),
          {
            ingestConcurrency: config.ingest.concurrency,
            background: (fn) => prisma.db.lanes.inBackground(fn),
            foreground: (fn) => prisma.db.lanes.foreground(fn),
          },
        );
      },
    },
    RuntimeLifecycle,
    ApiInstancesEvents,
  ],
  exports: [WORKFLOW_RUNNER, ACTIVITY_EVENTS, LocalEventBus, LiveFeedStatus, SEARCH_STACK, ApiInstancesEvents],
})
export class RuntimeModule {}
