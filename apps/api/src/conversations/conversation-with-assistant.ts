import type { Assistant, Conversation, SqlStatements } from '@assistants/db';

// Sending a message reads its conversation and assistant on every turn: one statement on the
// database's own connection, the rows as Prisma's models give them.

const CONVERSATION: Record<keyof Conversation, string> = {
  id: 'c.id',
  assistantId: 'c.assistant_id',
  userId: 'c.user_id',
  title: 'c.title',
  status: 'c.status::text',
  messageCount: 'c.message_count',
  contextSummary: 'c.context_summary',
  summarizedCount: 'c.summarized_count',
  llmProviderId: 'c.llm_provider_id',
  llmModel: 'c.llm_model',
  templateVariables: 'c.template_variables',
  lastMessageAt: 'c.last_message_at',
  pinnedAt: 'c.pinned_at',
  tags: 'c.tags',
  createdAt: 'c.created_at',
  updatedAt: 'c.updated_at',
};

const ASSISTANT: Record<keyof Assistant, string> = {
  id: 'a.id',
  name: 'a.name',
  description: 'a.description',
  assistantType: 'a.assistant_type::text',
  systemPrompt: 'a.system_prompt',
  llmModel: 'a.llm_model',
  temperature: 'a.temperature',
  maxTokens: 'a.max_tokens',
  isPublic: 'a.is_public',
  showPromptToUsers: 'a.show_prompt_to_users',
  enableSearch: 'a.enable_search',
  searchLimit: 'a.search_limit',
  chunkSize: 'a.chunk_size',
  chunkOverlap: 'a.chunk_overlap',
  maxToolRounds: 'a.max_tool_rounds',
  llmProviderId: 'a.llm_provider_id',
  allowModelChoice: 'a.allow_model_choice',
  ownerId: 'a.owner_id',
  defaultTemplateId: 'a.default_template_id',
  totalConversations: 'a.total_conversations',
  totalMessages: 'a.total_messages',
  ratingSum: 'a.rating_sum',
  ratingCount: 'a.rating_count',
  createdAt: 'a.created_at',
  updatedAt: 'a.updated_at',
};

const select = (columns: Record<string, string>, prefix: string) => Object.entries(columns).map(([field, column]) => `${column} AS "${prefix}${field}"`);

const STATEMENT = `SELECT ${[...select(CONVERSATION, 'c.'), ...select(ASSISTANT, 'a.')].join(', ')}
  FROM conversations c JOIN assistants a ON a.id = c.assistant_id WHERE c.id = $1`;

/** The conversation with its assistant (every conversation has one), or null when there is no such conversation. */
export async function readConversationWithAssistant(sql: SqlStatements, id: string): Promise<(Conversation & { assistant: Assistant }) | null> {
  const [row] = await sql.query<Record<string, unknown>>(STATEMENT, [id]);
  if (!row) return null;
  const conversation: Record<string, unknown> = {};
  const assistant: Record<string, unknown> = {};
  for (const field of Object.keys(CONVERSATION)) conversation[field] = row[`c.${field}`];
  for (const field of Object.keys(ASSISTANT)) assistant[field] = row[`a.${field}`];
  return { ...(conversation as Conversation), assistant: assistant as Assistant };
}
