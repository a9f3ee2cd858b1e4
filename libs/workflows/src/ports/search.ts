import type { RetrievedPassage } from '../orchestration/chat-turn';

export interface IndexedChunk {
  chunkId: string;
  assistantId: string;
  documentId: string;
  text: string;
  vector: number[];
}

/** Where chunk vectors live: the embedded table here, Qdrant in production. */
export interface VectorIndex {
  upsert(chunks: IndexedChunk[], model: string): Promise<void>;
  deleteDocument(documentId: string): Promise<void>;
  /** Only vectors of `model` are compared: vectors of different models (or sizes) are not comparable. */
  search(assistantId: string, model: string, vector: number[], limit: number): Promise<{ chunkId: string; score: number }[]>;
}

/** Finds the passages of an assistant's knowledge base that answer a query. */
export interface Retriever {
  retrieve(assistantId: string, query: string, limit: number, signal?: AbortSignal): Promise<RetrievedPassage[]>;
}
