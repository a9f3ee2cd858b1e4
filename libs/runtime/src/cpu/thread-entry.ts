import { resolve } from 'node:path';

/**
 * What a worker thread starts from to run the module `tasksModule` (an absolute path from
 * require.resolve): the module itself in built code; from TypeScript sources (jest) a small
 * bootstrap that compiles it on require (ts-worker.cjs). Pass both to Piscina.
 */
export function threadEntry(tasksModule: string): { filename: string; workerData: { tasksModule: string } } {
  return { filename: tasksModule.endsWith('.ts') ? resolve(__dirname, 'ts-worker.cjs') : tasksModule, workerData: { tasksModule } };
}
