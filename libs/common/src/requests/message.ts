/** POST /api/conversations/:id/messages: a question, answered by a chat turn. */
export interface SendMessageRequest {
  content: string;
  /** Left out: the assistant's default template; null: no template for this message. */
  templateId?: string | null;
  /** Values for the template's {{variables}}, on top of those the conversation keeps from earlier messages (ConversationView.templateVariables). */
  variables?: Record<string, string>;
  /** Idempotency key (as the Idempotency-Key header): a retried POST answers with the same turn. */
  clientMessageId?: string;
  /**
   * Edit and resend: the id of the question this one replaces. The new question takes its place
   * (same parent), the conversation branches there, and the old question stays as a version.
   */
  editOf?: string;
}

/** PUT /api/conversations/:id/branch: show this version of a message (and its newest continuation). */
export interface ChooseVersionRequest {
  messageId: string;
}

/** PUT /api/messages/:id/rating: the caller's rating of an answer. */
export interface RateMessageRequest {
  /** Stars, 1 (bad) to 5 (excellent). */
  rating: number;
  /** Replaces the earlier comment; left out, null or empty removes it. */
  comment?: string | null;
}
