/** POST /api/conversations/:id/messages: a question, answered by a chat turn. */
export interface SendMessageRequest {
  content: string;
  /** Left out: the assistant's default template; null: no template for this message. */
  templateId?: string | null;
  /** Values for the template's {{variables}}, on top of those the conversation keeps from earlier messages (ConversationView.templateVariables). */
  variables?: Record<string, string>;
  /** Idempotency key (as the Idempotency-Key header): a retried POST answers with the same turn. */
  clientMessageId?: string;
}

/** PUT /api/messages/:id/rating: the caller's rating of an answer. */
export interface RateMessageRequest {
  /** Stars, 1 (bad) to 5 (excellent). */
  rating: number;
  /** Replaces the earlier comment; left out, null or empty removes it. */
  comment?: string | null;
}
