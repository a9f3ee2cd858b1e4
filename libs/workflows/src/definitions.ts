// Names and shapes shared by the API (which starts workflows), the worker (which
// runs them) and the embedded runner. Pure: this folder is bundled into Temporal's
// deterministic workflow sandbox, so nothing here may do I/O or import Node modules.

export const WORKFLOW_TYPES = {
  chatTurn: 'chatTurnWorkflow',
  ingestDocument: 'ingestDocumentWorkflow',
  cleanupDocument: 'cleanupDocumentWorkflow',
  reindexAssistant: 'reindexAssistantWorkflow',
} as const;
export type WorkflowType = (typeof WORKFLOW_TYPES)[keyof typeof WORKFLOW_TYPES];

/** Workflow ids are the API's task ids (libs/common/src/ids.ts, which the web app uses too). */
export {
  chatTurnTaskId as chatTurnWorkflowId,
  cleanupTaskId as cleanupWorkflowId,
  ingestTaskId as ingestWorkflowId,
  reindexAssistantTaskId as reindexAssistantWorkflowId,
} from '@assistants/common';

export interface RetrySettings {
  initialIntervalMs: number;
  maximumAttempts: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
}

export interface LlmCallSettings {
  timeoutMs: number;
  /** A worker that dies mid-stream is noticed after this long, and the call moves to another worker. */
  heartbeatTimeoutMs: number;
  retry: RetrySettings;
}

/** What every step of a turn needs to know; fixed when the user sent the message. */
export interface TurnRef {
  taskId: string;
  conversationId: string;
  assistantId: string;
  userMessageId: string;
  assistantMessageId: string;
  /** When the user message was stored (ms since epoch): history is what came before it. */
  userMessageAt: number;
  question: string;
  /** The template asked for with the message, else the assistant's default at that moment. */
  templateId: string | null;
  variables: Record<string, string>;
  search: { enabled: boolean; limit: number };
}

export interface ChatTurnInput extends TurnRef {
  llm: LlmCallSettings;
  /** How long one tool call may take (TOOL_CALL_TIMEOUT_MS); unset (runs started before tools): the default. */
  tools?: { callTimeoutMs: number };
}

/** The signal that wakes a turn waiting for a person's decision on one of its tool calls; its argument is the call's id. */
export const TOOL_DECISION_SIGNAL = 'toolCallDecided';

/** Where activities with `queue: 'ingest'` run on Temporal; unset (older runs): the workflow's own task queue. */
export interface TaskQueues {
  ingestTaskQueue?: string;
}

export interface IngestInput extends TaskQueues {
  taskId: string;
  documentId: string;
  llm: LlmCallSettings;
  /**
   * Index a ready document again (the assistant's chunking or the embedding model changed): the
   * new chunks are written beside the live ones and swapped in at the end.
   */
  reindex?: boolean;
}

export interface CleanupInput extends TaskQueues {
  taskId: string;
  documentId: string;
}

export interface ReindexAssistantInput extends TaskQueues {
  taskId: string;
  assistantId: string;
  llm: LlmCallSettings;
}

export interface TurnOutcome {
  status: 'done' | 'failed' | 'cancelled';
  error?: string;
}
