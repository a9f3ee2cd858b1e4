// Bundled by the worker (webpack + swc) into Temporal's deterministic sandbox:
// import only @temporalio/workflow, @temporalio/common and types here.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { proxyActivities, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import type * as activities from './activities';

const { greet } = proxyActivities<typeof activities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '50 milliseconds', backoffCoefficient: 1, maximumAttempts: 3 },
});

// Pre-registered by the Java test server; a custom name must be registered first.
export const smokeStage = defineSearchAttributeKey('CustomKeywordField', SearchAttributeType.KEYWORD);

export async function smokeWorkflow(name: string): Promise<string> {
  const greeting = await greet(name);
  upsertSearchAttributes([{ key: smokeStage, value: 'greeted' }]);
  upsertMemo({ greeting });
  return greeting;
}
