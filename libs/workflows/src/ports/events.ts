/** What the platform tells live clients (the WebSocket gateway subscribes to these). */
export type PlatformEvent =
  | { type: 'task.status'; taskId: string; kind: 'chat' | 'ingest' | 'cleanup'; status: string; progress: number; error?: string | null }
  | { type: 'message.delta'; taskId: string; conversationId: string; messageId: string; delta: string }
  | { type: 'message.done'; taskId: string; conversationId: string; messageId: string }
  | { type: 'document.progress'; taskId: string; assistantId: string; documentId: string; status: string; progress: number; error?: string | null };

export interface EventPublisher {
  publish(event: PlatformEvent): void;
}

export interface EventSubscriber {
  subscribe(listener: (event: PlatformEvent) => void): () => void;
}
