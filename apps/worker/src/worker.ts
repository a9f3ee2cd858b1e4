import type { AppConfig } from '@assistants/config';
import type { Activities } from '@assistants/runtime';
import type { ActivityEnvironment } from '@assistants/domain';
import { Context } from '@temporalio/activity';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { resolve } from 'node:path';
import { withCodedFailures } from './coded-failures';

/** Activities reach cancellation and heartbeats through Temporal's activity context. */
export const temporalActivityEnvironment: ActivityEnvironment = {
  signal: () => Context.current().cancellationSignal,
  heartbeat: (details) => Context.current().heartbeat(details),
};

/** From TypeScript sources (tests) the bundler must resolve our path aliases; built JS has them rewritten already. */
const LIBS = resolve(__dirname, '../../../libs');

export const WORKFLOWS_PATH = require.resolve('./workflows');

export const workflowBundlerOptions: NonNullable<WorkerOptions['bundlerOptions']> = {
  webpackConfigHook: (config) => {
    config.resolve = config.resolve ?? {};
    config.resolve.alias = {
      ...(config.resolve.alias as object),
      '@assistants/workflows': resolve(LIBS, 'workflows/src'),
      '@assistants/domain': resolve(LIBS, 'domain/src'),
      '@assistants/common': resolve(LIBS, 'common/src'),
    };
    return config;
  },
};

/**
 * The workers of one process: one runs workflows and the chat turn's activities on the main task
 * queue; the other only ingest activities on the ingest queue, with `ingest.concurrency` slots of
 * its own, so a flood of uploads never takes the slots a chat turn needs. Run and stopped together.
 */
export interface AssistantsWorker {
  readonly main: Worker;
  readonly ingest: Worker;
  run(): Promise<void>;
  shutdown(): void;
  getState(): ReturnType<Worker['getState']>;
}

export async function createAssistantsWorker(options: {
  connection: NativeConnection;
  config: Pick<AppConfig, 'temporal' | 'ingest'>;
  activities: Activities;
}): Promise<AssistantsWorker> {
  const { connection, config } = options;
  const activities = withCodedFailures(options.activities);
  const main = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    // Every activity, ingest ones too: runs started before the ingest queue existed still schedule them here.
    activities,
    bundlerOptions: workflowBundlerOptions,
    // 0 turns off sticky execution: each workflow task may go to any worker.
    ...(config.temporal.maxCachedWorkflows !== undefined && { maxCachedWorkflows: config.temporal.maxCachedWorkflows }),
  });
  const ingest = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.ingestTaskQueue,
    activities,
    maxConcurrentActivityTaskExecutions: config.ingest.concurrency,
  });
  return {
    main,
    ingest,
    async run() {
      // One stopping (a signal, a fatal error) stops the other, so the process never half-serves.
      const runs = [main, ingest].map((worker) =>
        worker.run().finally(() => {
          for (const other of [main, ingest]) if (other.getState() === 'RUNNING') other.shutdown();
        }),
      );
      const results = await Promise.allSettled(runs);
      const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failure) throw failure.reason;
    },
    shutdown() {
      for (const worker of [main, ingest]) if (worker.getState() === 'RUNNING') worker.shutdown();
    },
    getState: () => main.getState(),
  };
}
