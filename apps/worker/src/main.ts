// The Temporal worker process. Workflows and activities arrive with the durable
// chat turn and ingest work; for now the entry point only validates config.
import { loadConfig } from '@assistants/config';

const config = loadConfig();
console.log(`worker: nothing to run yet (task queue ${config.temporal.taskQueue})`);
