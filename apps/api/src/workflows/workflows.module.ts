import type { AppConfig } from '@assistants/config';
import {
  createActivities,
  createActivityDeps,
  createSearchStack,
  EmbeddedWorkflowRunner,
  listenToPgEvents,
  LocalEventBus,
  type SearchStack,
  TemporalWorkflowRunner,
  type WorkflowRunner,
} from '@assistants/workflows';
import { type BeforeApplicationShutdown, Global, Inject, Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, InjectConfig } from '../config/config.module';
import { PrismaService } from '../database/prisma.service';

export const WORKFLOW_RUNNER = Symbol('WORKFLOW_RUNNER');
export const InjectRunner = () => Inject(WORKFLOW_RUNNER);
/** The indexes, embedder and retriever: one set per process, shared by the embedded runner and the search endpoint. */
export const SEARCH_STACK = Symbol('SEARCH_STACK');
export const InjectSearch = () => Inject(SEARCH_STACK);

/** Closes the runner before the database goes, and relays worker events in Temporal mode. */
@Injectable()
class WorkflowLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stopListening?: () => Promise<void>;

  constructor(
    @InjectRunner() private readonly runner: WorkflowRunner,
    private readonly bus: LocalEventBus,
    @InjectConfig() private readonly config: AppConfig,
    @InjectSearch() private readonly search: SearchStack,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Workers are other processes; their events reach this API's clients through the shared database.
    if (this.runner.kind === 'temporal' && this.config.databaseUrl) {
      this.stopListening = await listenToPgEvents(this.config.databaseUrl, (event) => this.bus.publish(event));
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stopListening?.();
    await this.runner.close();
    await this.search.close();
  }
}

@Global()
@Module({
  providers: [
    { provide: LocalEventBus, useValue: new LocalEventBus() },
    {
      provide: SEARCH_STACK,
      inject: [APP_CONFIG, PrismaService],
      useFactory: (config: AppConfig, prisma: PrismaService): SearchStack => {
        const logger = new Logger('Search');
        // With Temporal, workers ingest and answer; this process only serves the search endpoint.
        const warmUp = config.env !== 'test' && !config.temporal.address;
        const stack = createSearchStack(config, prisma.client, (message) => logger.warn(message), { warmUp });
        logger.log(`text leg: ${stack.texts.engine}, vector leg: ${stack.vectors.engine ?? 'vector'} (${stack.embedder.model})`);
        return stack;
      },
    },
    {
      provide: WORKFLOW_RUNNER,
      inject: [APP_CONFIG, PrismaService, LocalEventBus, SEARCH_STACK],
      useFactory: async (config: AppConfig, prisma: PrismaService, bus: LocalEventBus, search: SearchStack): Promise<WorkflowRunner> => {
        const logger = new Logger('Workflows');
        if (config.temporal.address) {
          const runner = await TemporalWorkflowRunner.connect({ ...config.temporal, address: config.temporal.address });
          logger.log(`starting workflows on Temporal at ${config.temporal.address}, task queue "${config.temporal.taskQueue}"`);
          return runner;
        }
        logger.log('running workflows in process (embedded mode)');
        return new EmbeddedWorkflowRunner(
          (env) => createActivities(createActivityDeps(config, prisma.client, bus, env, (message) => logger.warn(message), search)),
          (workflowId, error) => logger.warn(`${workflowId} ended with an error: ${(error as Error)?.message ?? error}`),
        );
      },
    },
    WorkflowLifecycle,
  ],
  exports: [WORKFLOW_RUNNER, LocalEventBus, SEARCH_STACK],
})
export class WorkflowsModule {}
