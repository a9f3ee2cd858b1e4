import type { ChatTurnInput, TurnOutcome } from './definitions';
import { describeFailure, type OrchestrationRuntime } from './runtime';

export interface RetrievedPassage {
  chunkId: string;
  documentId: string;
  filename: string;
  position: number;
  text: string;
  score: number;
  metadata: Record<string, unknown>;
}

export interface Retrieval {
  query: string;
  passages: RetrievedPassage[];
  durationMs: number;
}

export interface ChosenTemplate {
  id: string;
  name: string;
  promptText: string;
  responseFormat: string;
  variables: Record<string, string>;
}

export interface PromptMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface BuiltPrompt {
  model: string;
  temperature: number;
  maxTokens: number;
  messages: PromptMessage[];
  promptTokens: number;
  /** Passages that made it into the prompt, numbered as cited: [1] is citations[0]. */
  citations: RetrievedPassage[];
  historyMessages: number;
  usedSummary: boolean;
  truncated: boolean;
}

export interface GeneratedAnswer {
  content: string;
  provider: string;
  model: string;
  finishReason: string | null;
  usage: { promptTokens: number; completionTokens: number; totalTokens: number };
  timeToFirstTokenMs: number | null;
  durationMs: number;
}

/** Activities of a chat turn; every one is idempotent, so retries and replays are safe. */
export interface ChatTurnActivities {
  retrieveContext(input: { taskId: string }): Promise<Retrieval>;
  chooseTemplate(input: { taskId: string }): Promise<ChosenTemplate | null>;
  buildPrompt(input: { taskId: string; retrieval: Retrieval; template: ChosenTemplate | null }): Promise<BuiltPrompt>;
  generateAnswer(input: { taskId: string; assistantMessageId: string; prompt: BuiltPrompt }): Promise<GeneratedAnswer>;
  storeAnswer(input: {
    taskId: string;
    prompt: BuiltPrompt;
    answer: GeneratedAnswer;
    template: ChosenTemplate | null;
    timings: Record<string, number | null>;
  }): Promise<{ summaryDue: boolean }>;
  updateStatistics(input: { taskId: string }): Promise<void>;
  refreshSummary(input: { taskId: string }): Promise<void>;
  finishTurn(input: { taskId: string; status: 'failed' | 'cancelled'; error?: string }): Promise<void>;
}

/**
 * One chat turn: retrieve → choose template → build prompt → call the LLM →
 * store → statistics → (maybe) summarise. The same function runs in Temporal's
 * workflow sandbox and in the embedded runner.
 */
export async function runChatTurn(input: ChatTurnInput, acts: ChatTurnActivities, rt: OrchestrationRuntime): Promise<TurnOutcome> {
  const { taskId } = input;
  try {
    const started = rt.now();
    const [retrieval, template] = await Promise.all([acts.retrieveContext({ taskId }), acts.chooseTemplate({ taskId })]);
    const prompt = await acts.buildPrompt({ taskId, retrieval, template });
    const promptReady = rt.now();
    const answer = await acts.generateAnswer({ taskId, assistantMessageId: input.assistantMessageId, prompt });
    const timings = {
      retrievalMs: retrieval.durationMs,
      promptReadyMs: promptReady - started,
      timeToFirstTokenMs: answer.timeToFirstTokenMs,
      generationMs: answer.durationMs,
    };
    const { summaryDue } = await acts.storeAnswer({ taskId, prompt, answer, template, timings });
    await acts.updateStatistics({ taskId });
    if (summaryDue) {
      // A summary that fails must not fail an answer already given; the next turn tries again.
      await acts.refreshSummary({ taskId }).catch(() => undefined);
    }
    return { status: 'done' };
  } catch (error) {
    if (rt.isCancellation(error)) {
      await rt.nonCancellable(() => acts.finishTurn({ taskId, status: 'cancelled' }));
      throw error;
    }
    const reason = describeFailure(error);
    await acts.finishTurn({ taskId, status: 'failed', error: reason });
    throw error;
  }
}
