import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workflowBundlerOptions, WORKFLOWS_PATH } from '../../apps/worker/src/worker';
import { HISTORIES_DIR } from '../support/workflow-histories';

/**
 * Recorded histories of real runs replayed against today's workflow code: a
 * change that would break determinism for runs in flight fails here.
 */
describe('workflow determinism', () => {
  it('replays every recorded history with the current workflow code', async () => {
    const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));
    expect(files.map((f) => f.split('-')[0])).toEqual(expect.arrayContaining(['chat', 'ingest', 'cleanup']));
    const histories = files.map((file) => ({ workflowId: file, history: historyFromJSON(JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8'))) }));
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of Worker.runReplayHistories({ workflowsPath: WORKFLOWS_PATH, bundlerOptions: workflowBundlerOptions }, histories)) {
      replayed++;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(files.length);
  }, 120_000);
});
