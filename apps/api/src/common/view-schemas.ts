import {
  ACCEPTED_TURN_VIEW_KEYS,
  API_KEY_VIEW_KEYS,
  ASSISTANT_REINDEX_VIEW_KEYS,
  ASSISTANT_STATISTICS_KEYS,
  ASSISTANT_TEMPLATE_VIEW_KEYS,
  ASSISTANT_TOOL_VIEW_KEYS,
  ASSISTANT_TOOLS_VIEW_KEYS,
  ASSISTANT_VIEW_KEYS,
  AVAILABLE_MODEL_VIEW_KEYS,
  CONVERSATION_MODEL_VIEW_KEYS,
  LLM_PROVIDER_VIEW_KEYS,
  CONVERSATION_VIEW_KEYS,
  CREATED_API_KEY_VIEW_KEYS,
  CURSOR_PAGE_KEYS,
  DOCUMENT_REMOVAL_VIEW_KEYS,
  DOCUMENT_VIEW_KEYS,
  HEALTH_VIEW_KEYS,
  LISTED_TOOL_VIEW_KEYS,
  LLM_REQUEST_VIEW_KEYS,
  MESSAGE_SOURCE_KEYS,
  MESSAGE_TIMINGS_KEYS,
  MESSAGE_USAGE_KEYS,
  MESSAGE_VIEW_KEYS,
  PAGE_KEYS,
  RENDERED_TEMPLATE_VIEW_KEYS,
  requiredKeys,
  REGISTRATION_VIEW_KEYS,
  SEARCH_LEG_HIT_KEYS,
  SEARCH_LEG_VIEW_KEYS,
  SEARCH_PASSAGE_VIEW_KEYS,
  SEARCH_RESULT_VIEW_KEYS,
  SESSION_VIEW_KEYS,
  TASK_VIEW_KEYS,
  TEMPLATE_LINK_VIEW_KEYS,
  TEMPLATE_VERSION_VIEW_KEYS,
  TEMPLATE_VIEW_KEYS,
  TOOL_CALL_VIEW_KEYS,
  TOOL_SERVER_VIEW_KEYS,
  UPLOAD_BATCH_VIEW_KEYS,
  UPLOAD_RESULT_VIEW_KEYS,
  UPLOADED_DOCUMENT_VIEW_KEYS,
  USER_VIEW_KEYS,
  type ViewKeys,
  CONVERSATION_SHARE_KEYS,
  SHARED_CONVERSATION_KEYS,
} from '@assistants/common';
import { ApiResponse, type SchemaObject } from '@nestjs/swagger';

// OpenAPI schemas built from the key lists declared beside the views in libs/common, so the
// documentation names the same fields the types and the key test do, from one source.

/** A view's keys, which of them are always present, and the views nested in it. */
export function viewSchema<T>(keys: ViewKeys<T>, nested: { [K in keyof T]?: SchemaObject } = {}): SchemaObject {
  const properties = Object.fromEntries(Object.keys(keys).map((key) => [key, nested[key as keyof T] ?? {}]));
  return { type: 'object', required: requiredKeys(keys), properties };
}

const arrayOf = (items: SchemaObject): SchemaObject => ({ type: 'array', items });
const nullable = (schema: SchemaObject): SchemaObject => ({ ...schema, nullable: true });
export const pageOf = (items: SchemaObject): SchemaObject => viewSchema(PAGE_KEYS, { items: arrayOf(items) });
export const cursorPageOf = (items: SchemaObject): SchemaObject => viewSchema(CURSOR_PAGE_KEYS, { items: arrayOf(items) });

const user = viewSchema(USER_VIEW_KEYS);
const legHit = viewSchema(SEARCH_LEG_HIT_KEYS);
const legHits: SchemaObject = { type: 'object', properties: { text: legHit, vector: legHit } };
const searchLeg = viewSchema(SEARCH_LEG_VIEW_KEYS);
const toolCall = viewSchema(TOOL_CALL_VIEW_KEYS);
const message = viewSchema(MESSAGE_VIEW_KEYS, {
  searchResults: nullable(arrayOf(viewSchema(MESSAGE_SOURCE_KEYS, { legs: legHits }))),
  llmRequest: nullable(
    viewSchema(LLM_REQUEST_VIEW_KEYS, {
      search: arrayOf(searchLeg),
      templateNotUsed: { type: 'object', required: ['id', 'reason'], properties: { id: {}, reason: {} } },
    }),
  ),
  timings: nullable(viewSchema(MESSAGE_TIMINGS_KEYS)),
  usage: nullable(viewSchema(MESSAGE_USAGE_KEYS)),
  toolCalls: arrayOf(toolCall),
  versions: arrayOf({ type: 'string', format: 'uuid' }),
  errorCode: nullable({
    type: 'string',
    description: "A failure's stable code ('chat.*'), to say it in the reader's language; null for old rows and cancels.",
  }),
  errorParams: nullable({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] } }),
});
const document = viewSchema(DOCUMENT_VIEW_KEYS);

export const VIEW_SCHEMAS = {
  health: viewSchema(HEALTH_VIEW_KEYS),
  user,
  session: viewSchema(SESSION_VIEW_KEYS, { user }),
  registration: viewSchema(REGISTRATION_VIEW_KEYS),
  apiKey: viewSchema(API_KEY_VIEW_KEYS),
  createdApiKey: viewSchema(CREATED_API_KEY_VIEW_KEYS),
  assistant: viewSchema(ASSISTANT_VIEW_KEYS, { statistics: viewSchema(ASSISTANT_STATISTICS_KEYS) }),
  template: viewSchema(TEMPLATE_VIEW_KEYS),
  assistantTemplate: viewSchema(ASSISTANT_TEMPLATE_VIEW_KEYS, {
    link: viewSchema(TEMPLATE_LINK_VIEW_KEYS, { latest: nullable(viewSchema(TEMPLATE_VERSION_VIEW_KEYS)) }),
  }),
  renderedTemplate: viewSchema(RENDERED_TEMPLATE_VIEW_KEYS),
  conversation: viewSchema(CONVERSATION_VIEW_KEYS),
  message,
  toolCall,
  document,
  uploadedDocument: viewSchema(UPLOADED_DOCUMENT_VIEW_KEYS, { document }),
  uploadBatch: viewSchema(UPLOAD_BATCH_VIEW_KEYS, { results: arrayOf(viewSchema(UPLOAD_RESULT_VIEW_KEYS, { document })) }),
  documentRemoval: viewSchema(DOCUMENT_REMOVAL_VIEW_KEYS),
  assistantReindex: viewSchema(ASSISTANT_REINDEX_VIEW_KEYS),
  task: viewSchema(TASK_VIEW_KEYS, { message: nullable(message), document: nullable(document) }),
  acceptedTurn: viewSchema(ACCEPTED_TURN_VIEW_KEYS, { userMessage: message }),
  searchResult: viewSchema(SEARCH_RESULT_VIEW_KEYS, {
    passages: arrayOf(viewSchema(SEARCH_PASSAGE_VIEW_KEYS, { legs: legHits })),
    legs: arrayOf(searchLeg),
  }),
  toolServer: viewSchema(TOOL_SERVER_VIEW_KEYS, { tools: arrayOf(viewSchema(LISTED_TOOL_VIEW_KEYS)) }),
  llmProvider: viewSchema(LLM_PROVIDER_VIEW_KEYS),
  availableModel: viewSchema(AVAILABLE_MODEL_VIEW_KEYS),
  conversationModel: viewSchema(CONVERSATION_MODEL_VIEW_KEYS),
  assistantTools: viewSchema(ASSISTANT_TOOLS_VIEW_KEYS, { tools: arrayOf(viewSchema(ASSISTANT_TOOL_VIEW_KEYS)) }),
  conversationShare: viewSchema(CONVERSATION_SHARE_KEYS),
  createdShare: viewSchema({ ...CONVERSATION_SHARE_KEYS, token: 'required', url: 'required' }),
  sharedConversation: viewSchema(SHARED_CONVERSATION_KEYS, { messages: arrayOf({ type: 'object' }) }),
} satisfies Record<string, SchemaObject>;

export type ViewName = keyof typeof VIEW_SCHEMAS;

/**
 * Documents a route's success response as a declared view: `one`, an `array` of it, a `page`
 * (offset paging) or a `cursor-page`.
 */
export function ApiView(status: number, view: ViewName, shape: 'one' | 'array' | 'page' | 'cursor-page' = 'one'): MethodDecorator {
  const one = VIEW_SCHEMAS[view];
  const schema = shape === 'array' ? arrayOf(one) : shape === 'page' ? pageOf(one) : shape === 'cursor-page' ? cursorPageOf(one) : one;
  return ApiResponse({ status, schema });
}
