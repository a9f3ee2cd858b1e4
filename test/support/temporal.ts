import type { AppConfig } from '@assistants/config';
import type { Database } from '@assistants/db';
import { type Activities, createActivities, createActivityDeps } from '@assistants/runtime';
import { type EventPublisher } from '@assistants/domain';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { resolve } from 'node:path';
import { type AssistantsWorker, createAssistantsWorker, temporalActivityEnvironment } from '../../apps/worker/src/worker';

export interface TemporalTestServer {
  address: string;
  stop(): Promise<void>;
}

let runtimeInstalled = false;

/** Temporal's own Java test server: a real Temporal service in memory (scripts/temporal-test-server.cjs). */
export async function startTemporalServer(): Promise<TemporalTestServer> {
  if (!runtimeInstalled) {
    // Failed activity attempts are part of the scenarios; keep the log to real errors.
    Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
    runtimeInstalled = true;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startTemporalTestServer } = require(resolve(__dirname, '../../scripts/temporal-test-server.cjs'));
  return startTemporalTestServer();
}

/** Lets a test hold a real activity back (a slow ingest) without replacing it. */
export type WrapActivities = (activities: Activities) => Activities;

export interface RunningWorker {
  worker: AssistantsWorker;
  stop(): Promise<void>;
}

/** Our real worker (bundled workflows, real activities) in this process, sharing the app's database and event bus, wired as apps/worker wires it. */
export async function startWorker(
  address: string,
  config: AppConfig,
  database: Database,
  events: EventPublisher,
  wrap: WrapActivities = (a) => a,
): Promise<RunningWorker> {
  const connection = await NativeConnection.connect({ address });
  const deps = createActivityDeps(config, database.prisma, events, temporalActivityEnvironment, { database });
  const activities = wrap(createActivities(deps));
  const worker = await createAssistantsWorker({ connection, config, activities });
  const running = worker.run();
  return {
    worker,
    async stop() {
      worker.shutdown();
      await running;
      await deps.tools?.close();
      await connection.close();
    },
  };
}
