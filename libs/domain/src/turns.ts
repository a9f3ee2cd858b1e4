// What a chat turn passes between its steps: retrieved passages, the template chosen, the prompt
// built and the answer generated. Here, not beside the workflow, because the domain's own ports and
// prompt building speak these shapes too, and the domain imports no workflow code.
import type { LegHit, LegReport, SearchLeg } from './ports/search';

export interface RetrievedPassage {
  chunkId: string;
  documentId: string;
  filename: string;
  position: number;
  text: string;
  score: number;
  metadata: Record<string, unknown>;
  /** Where each search leg ranked this passage before fusion; `rerank`: its final rank and the reranker's score. */
  legs?: Partial<Record<SearchLeg | 'rerank', LegHit>>;
}

export interface Retrieval {
  query: string;
  passages: RetrievedPassage[];
  durationMs: number;
  /** How each search leg went; absent when search was off. */
  legs?: LegReport[];
}

export interface ChosenTemplate {
  id: string;
  name: string;
  promptText: string;
  responseFormat: string;
  variables: Record<string, string>;
}

/** A template the turn was asked to use (with the message, or the assistant's default) and does not, and why. */
export interface SkippedTemplate {
  id: string;
  notUsed: string;
}

export function isSkippedTemplate(choice: ChosenTemplate | SkippedTemplate | null): choice is SkippedTemplate {
  return !!choice && 'notUsed' in choice;
}

export interface PromptMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface BuiltPrompt {
  model: string;
  /** The LLM provider an admin added that serves `model`; absent or null: the built-in one. Never its key. */
  providerId?: string | null;
  temperature: number;
  maxTokens: number;
  messages: PromptMessage[];
  promptTokens: number;
  /** Passages that made it into the prompt, numbered as cited: [1] is citations[0]. */
  citations: RetrievedPassage[];
  historyMessages: number;
  usedSummary: boolean;
  truncated: boolean;
  /** The tools the model may call in this turn, and how many rounds of calls it may make; absent: none. */
  tools?: OfferedTool[];
  maxToolRounds?: number;
}

/** A tool offered to the model: the function it sees, and what the turn needs to run and show a call. */
export interface OfferedTool {
  /** The function's name as the model sees it (OpenAI's ^[a-zA-Z0-9_-]{1,64}$). */
  functionName: string;
  description: string;
  /** JSON Schema of the arguments. */
  parameters: Record<string, unknown>;
  serverId: string | null;
  /** The server's name, or "builtin". */
  server: string;
  /** The tool's own name on its server. */
  name: string;
  builtin: string | null;
  needsApproval: boolean;
  /** Annotated idempotent or read-only: may be called again after a transport failure or a crash. */
  retryable: boolean;
}

/** A tool call as the turn's steps pass it on; its state lives in the tool_calls table. */
export interface TurnToolCall {
  id: string;
  server: string;
  name: string;
  status: 'awaiting_approval' | 'running' | 'done' | 'failed' | 'rejected';
  retryable: boolean;
  /** While awaiting approval: when it counts as rejected (ms since epoch). */
  approvalDeadline: number | null;
}

export interface GeneratedAnswer {
  content: string;
  provider: string;
  model: string;
  finishReason: string | null;
  usage: { promptTokens: number; completionTokens: number; totalTokens: number };
  timeToFirstTokenMs: number | null;
  durationMs: number;
  /** The calls this reply asked for (recorded, in order); absent or empty: it is the answer. */
  toolCalls?: TurnToolCall[];
}
