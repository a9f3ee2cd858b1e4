import type { AppConfig } from '@assistants/config';
import { warmTokenizer } from '@assistants/llm';
import {
  CpuPool,
  createActivities,
  createActivityDeps,
  EmbeddedWorkflowRunner,
  listenToPgEvents,
  LocalEventBus,
  TemporalWorkflowRunner,
  type WorkflowRunner,
} from '@assistants/workflows';
import { type BeforeApplicationShutdown, Global, Inject, Injectable, Logger, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, InjectConfig } from '../config/config.module';
import { PrismaService } from '../database/prisma.service';

export const WORKFLOW_RUNNER = Symbol('WORKFLOW_RUNNER');
/** Worker threads for ingest's CPU work; embedded mode only (Temporal's worker has its own). */
const CPU_POOL = Symbol('CPU_POOL');
export const InjectRunner = () => Inject(WORKFLOW_RUNNER);

/** Closes the runner before the database goes, and relays worker events in Temporal mode. */
@Injectable()
class WorkflowLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private stopListening?: () => Promise<void>;

  constructor(
    @InjectRunner() private readonly runner: WorkflowRunner,
    private readonly bus: LocalEventBus,
    @InjectConfig() private readonly config: AppConfig,
    @Inject(CPU_POOL) private readonly cpu: CpuPool | null,
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
    await this.cpu?.close();
  }
}

@Global()
@Module({
  providers: [
    { provide: LocalEventBus, useValue: new LocalEventBus() },
    {
      provide: CPU_POOL,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<CpuPool | null> => {
        if (config.temporal.address) return null;
        // Loaded now, not on the first chat turn or ingest: the prompt builder counts tokens on this
        // thread, ingest in the pool's threads (which load theirs while this one loads its own).
        const pool = new CpuPool(config.ingest.threads);
        warmTokenizer();
        await pool.warm();
        return pool;
      },
    },
    {
      provide: WORKFLOW_RUNNER,
      inject: [APP_CONFIG, PrismaService, LocalEventBus, CPU_POOL],
      useFactory: async (config: AppConfig, prisma: PrismaService, bus: LocalEventBus, cpu: CpuPool | null): Promise<WorkflowRunner> => {
        const logger = new Logger('Workflows');
        if (config.temporal.address) {
          const runner = await TemporalWorkflowRunner.connect({ ...config.temporal, address: config.temporal.address });
          logger.log(`starting workflows on Temporal at ${config.temporal.address}, task queue "${config.temporal.taskQueue}"`);
          return runner;
        }
        logger.log('running workflows in process (embedded mode)');
        return new EmbeddedWorkflowRunner(
          (env) => createActivities(createActivityDeps(config, prisma.client, bus, env, { cpu: cpu ?? undefined, sql: prisma.db.sql })),
          (workflowId, error) => logger.warn(`${workflowId} ended with an error: ${(error as Error)?.message ?? error}`),
          { ingestConcurrency: config.ingest.concurrency },
        );
      },
    },
    WorkflowLifecycle,
  ],
  exports: [WORKFLOW_RUNNER, LocalEventBus],
})
export class WorkflowsModule {}
