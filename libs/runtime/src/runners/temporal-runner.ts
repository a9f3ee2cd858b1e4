import { Client, Connection, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { TOOL_DECISION_SIGNAL, type WorkflowType } from '@assistants/workflows';
import { registerSearchAttributes, searchAttributePairs } from './search-attributes';
import type { StartOptions, WorkflowRunner } from './workflow-runner';

/** Starts workflows on a Temporal service, where apps/worker runs them. */
export class TemporalWorkflowRunner implements WorkflowRunner {
  readonly kind = 'temporal' as const;

  constructor(
    readonly client: Client,
    private readonly taskQueue: string,
    private readonly connection?: Connection,
    private readonly useSearchAttributes = false,
  ) {}

  static async connect(options: { address: string; namespace: string; taskQueue: string; searchAttributes?: boolean }): Promise<TemporalWorkflowRunner> {
    const connection = await Connection.connect({ address: options.address });
    if (options.searchAttributes) await registerSearchAttributes(connection, options.namespace);
    return new TemporalWorkflowRunner(new Client({ connection, namespace: options.namespace }), options.taskQueue, connection, options.searchAttributes);
  }

  async start(type: WorkflowType, workflowId: string, input: unknown, options: StartOptions = {}): Promise<void> {
    if (options.rerun) {
      // The previous run records its failure before it ends; give it a moment to close.
      const previous = this.client.workflow
        .getHandle(workflowId)
        .result()
        .catch(() => undefined);
      await Promise.race([previous, new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
    }
    try {
      await this.client.workflow.start(type, {
        taskQueue: this.taskQueue,
        workflowId,
        args: [input],
        memo: options.memo,
        // Where the service balances task queues by fairness key, one person's many runs do not keep another's waiting.
        ...(options.owner && { priority: { fairnessKey: options.owner } }),
        ...(this.useSearchAttributes && options.searchAttributes && { typedSearchAttributes: searchAttributePairs(options.searchAttributes) }),
        // A finished run may be started again under its id (the retry endpoint); a running one is left alone.
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      });
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) return;
      throw error;
    }
  }

  async cancel(workflowId: string): Promise<boolean> {
    try {
      const handle = this.client.workflow.getHandle(workflowId);
      const { status } = await handle.describe();
      if (status.name !== 'RUNNING') return false;
      await handle.cancel();
      return true;
    } catch (error) {
      if ((error as Error).name === 'WorkflowNotFoundError') return false;
      throw error;
    }
  }

  async notifyToolDecision(workflowId: string, callId: string): Promise<void> {
    try {
      await this.client.workflow.getHandle(workflowId).signal(TOOL_DECISION_SIGNAL, callId);
    } catch (error) {
      // A run that ended (cancelled, timed out) has nothing left to wake.
      if ((error as Error).name !== 'WorkflowNotFoundError') throw error;
    }
  }

  async close(): Promise<void> {
    await this.connection?.close();
  }
}
