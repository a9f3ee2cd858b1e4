import type { PrismaClient } from '@assistants/db';
import type { ChatModel, Embedder } from '@assistants/llm';
import type { ActivityEnvironment } from '../ports/activity-environment';
import type { EventPublisher } from '../ports/events';
import type { Retriever, TextIndex, VectorIndex } from '../ports/search';

export interface ChatSettings {
  /** How many earlier messages go into the prompt at most. */
  historyMessages: number;
  /** Summarise once this many messages lie beyond the history window and the summary. */
  summaryAfterMessages: number;
  /** Write the streamed partial answer to the database at most this often. */
  partialFlushMs: number;
}

export const DEFAULT_CHAT_SETTINGS: ChatSettings = { historyMessages: 10, summaryAfterMessages: 10, partialFlushMs: 250 };

/** Everything activities touch, injected so Temporal, the embedded runner and tests share them. */
export interface ActivityDeps {
  prisma: PrismaClient;
  chatModel: ChatModel;
  embedder: Embedder;
  retriever: Retriever;
  vectors: VectorIndex;
  texts: TextIndex;
  events: EventPublisher;
  env: ActivityEnvironment;
  chat?: Partial<ChatSettings>;
}
