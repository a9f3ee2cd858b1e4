// The Temporal worker process: runs chat turns and document ingest for the API.
import { ConfigError, loadConfig } from '@assistants/config';
import { databaseTarget, openDatabase } from '@assistants/db';
import { CpuPool, createActivities, createActivityDeps, createSearchStack, startSearchCacheWarmUp } from '@assistants/runtime';
import { PgNotifyPublisher, RedisEventPublisher } from '@assistants/adapters';
import { NativeConnection } from '@temporalio/worker';
import { Pool } from 'pg';
import { createAssistantsWorker, temporalActivityEnvironment } from './worker';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.temporal.address) throw new ConfigError(['TEMPORAL_ADDRESS is required: the worker takes its work from a Temporal service']);
  if (!config.databaseUrl) throw new ConfigError(['DATABASE_URL is required: the worker and the API must share one PostgreSQL database']);
  const db = await openDatabase(databaseTarget(config.databaseUrl, config.dataDir));
  // Live events go to the API instances through Redis when there is one, else through PostgreSQL NOTIFY.
  const eventsPool = config.redis.url ? undefined : new Pool({ connectionString: config.databaseUrl, max: 1 });
  const events = eventsPool ? new PgNotifyPublisher(eventsPool) : new RedisEventPublisher(config.redis.url!, config.redis.keyPrefix);
  if (events instanceof RedisEventPublisher) await events.connect();
  // Ingest's and chat's CPU work runs in threads here too: this thread heartbeats, polls and streams
  // chat tokens for every activity in flight, and a parse or a prompt holding it would stall them all.
  const cpu = new CpuPool(config.ingest.threads, { memoryMb: config.ingest.threadMemoryMb });
  await cpu.warm();
  const search = createSearchStack(config, db.prisma, (message) => console.warn(`worker: ${message}`), { database: db });
  // The caches of the assistants in use, filled now rather than on their first chat turn.
  void startSearchCacheWarmUp(search, db, { log: (message) => console.log(`worker: ${message}`), warn: (message) => console.warn(`worker: ${message}`) });
  const deps = createActivityDeps(config, db.prisma, events, temporalActivityEnvironment, { cpu, database: db, search });
  const activities = createActivities(deps);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createAssistantsWorker({ connection, config, activities });
  console.log(
    `worker: polling task queues "${config.temporal.taskQueue}" and "${config.temporal.ingestTaskQueue}" (${config.ingest.concurrency} ingest activities at once) on ${config.temporal.address} (namespace ${config.temporal.namespace})`,
  );
  // Worker.run installs its own SIGINT/SIGTERM handling and resolves after a graceful shutdown.
  await worker.run();
  await deps.tools?.close();
  await connection.close();
  await cpu.close();
  if (events instanceof PgNotifyPublisher) await events.flush();
  else await events.close();
  await eventsPool?.end();
  await db.close();
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(error instanceof ConfigError ? 78 : 1);
});
