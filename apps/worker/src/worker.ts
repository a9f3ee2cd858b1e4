import type { AppConfig } from '@assistants/config';
import type { Activities } from '@assistants/workflows';
import type { ActivityEnvironment } from '@assistants/domain';
import { Context } from '@temporalio/activity';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { resolve } from 'node:path';

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
    config.resolve.alias = { ...(config.resolve.alias as object), '@assistants/domain': resolve(LIBS, 'domain/src'), '@assistants/common': resolve(LIBS, 'common/src') };
    return config;
  },
};

export async function createAssistantsWorker(options: {
  connection: NativeConnection;
  config: Pick<AppConfig, 'temporal'>;
  activities: Activities;
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.config.temporal.namespace,
    taskQueue: options.config.temporal.taskQueue,
    workflowsPath: WORKFLOWS_PATH,
    activities: options.activities,
    bundlerOptions: workflowBundlerOptions,
    // 0 turns off sticky execution: each workflow task may go to any worker.
    ...(options.config.temporal.maxCachedWorkflows !== undefined && { maxCachedWorkflows: options.config.temporal.maxCachedWorkflows }),
  });
}
