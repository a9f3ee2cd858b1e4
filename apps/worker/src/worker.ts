import type { AppConfig } from '@assistants/config';
import type { Activities } from '@assistants/workflows';
import type { ActivityEnvironment } from '@assistants/workflows';
import { Context } from '@temporalio/activity';
import { type NativeConnection, Worker } from '@temporalio/worker';
import { resolve } from 'node:path';

/** Activities reach cancellation and heartbeats through Temporal's activity context. */
export const temporalActivityEnvironment: ActivityEnvironment = {
  signal: () => Context.current().cancellationSignal,
  heartbeat: (details) => Context.current().heartbeat(details),
};

/** From TypeScript sources (tests) the bundler must resolve our path aliases; built JS has them rewritten already. */
const LIBS = resolve(__dirname, '../../../libs');

export async function createAssistantsWorker(options: {
  connection: NativeConnection;
  config: Pick<AppConfig, 'temporal'>;
  activities: Activities;
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.config.temporal.namespace,
    taskQueue: options.config.temporal.taskQueue,
    workflowsPath: require.resolve('./workflows'),
    activities: options.activities,
    bundlerOptions: {
      webpackConfigHook: (config) => {
        config.resolve = config.resolve ?? {};
        config.resolve.alias = { ...(config.resolve.alias as object), '@assistants/workflows': resolve(LIBS, 'workflows/src') };
        return config;
      },
    },
  });
}
