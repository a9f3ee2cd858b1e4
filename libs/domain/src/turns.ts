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
