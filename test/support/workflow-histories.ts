import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TemporalWorkflowRunner } from '@assistants/runtime';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKFLOW_RUNNER } from '../../apps/api/src/runtime/runtime.module';
import type { ChatHarness } from './chat-harness';

export const HISTORIES_DIR = join(__dirname, '..', 'workflows', 'histories');

/**
 * Saves one history per kind of run (done, failed, cancelled, retried, ingest,
 * clean-up) for the replay test: `RECORD_HISTORIES=1 npm test -- test/workflows/temporal`.
 */
export async function recordHistories(h: Pick<ChatHarness, 't'>, only?: string[]): Promise<void> {
  const runner = h.t.app.get<TemporalWorkflowRunner>(WORKFLOW_RUNNER);
  const tasks = await h.t.prisma.task.findMany({ orderBy: { createdAt: 'asc' } });
  const seen = new Set<string>();
  mkdirSync(HISTORIES_DIR, { recursive: true });
  for (const task of tasks) {
    const kind = `${task.kind}-${task.status}${task.attempt > 1 ? '-retried' : ''}`;
    if (seen.has(kind) || (only && !only.includes(kind))) continue;
    // Other test files share the database but not this Temporal server: skip their tasks.
    const history = await runner.client.workflow
      .getHandle(task.id)
      .fetchHistory()
      .catch(() => null);
    if (!history) continue;
    seen.add(kind);
    writeFileSync(join(HISTORIES_DIR, `${kind}.json`), historyToJSON(history));
  }
}
