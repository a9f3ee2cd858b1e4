import type {
  CreateShareRequest,
  RejectToolCallRequest,
  CreateApiKeyRequest,
  CreateAssistantRequest,
  CreateConversationRequest,
  CreateTemplateRequest,
  CreateToolServerRequest,
  CreateLlmProviderRequest,
  SetConversationModelRequest,
  UpdateLlmProviderRequest,
  CreateUserRequest,
  ExportConversationQuery,
  ListAssistantsQuery,
  ListConversationsQuery,
  ListMessagesQuery,
  ListTemplatesQuery,
  ListUsersQuery,
  LoginRequest,
  PreviewTemplateRequest,
  RateMessageRequest,
  ChooseVersionRequest,
  RegisterRequest,
  RenderTemplateRequest,
  SearchRequest,
  SendMessageRequest,
  SetAssistantToolsRequest,
  SetDefaultTemplateRequest,
  UpdateAssistantRequest,
  UpdateConversationRequest,
  UpdateTemplateRequest,
  UpdateToolServerRequest,
  UpdateUserRequest,
  UpdateProfileRequest,
  UsageQuery,
  ViewKeys,
} from '@assistants/common';

// The keys of each request interface of libs/common, checked by the compiler against the interface
// (a missing or extra key does not compile) and by views.e2e-spec against the OpenAPI document,
// which the DTOs make: so a DTO field without its interface field (or the other way) fails a test.
// `implements` alone only catches an interface field the DTO lacks.

const page = { limit: 'optional', offset: 'optional' } as const;
const createAssistant: ViewKeys<CreateAssistantRequest> = {
  name: 'required',
  description: 'optional',
  assistantType: 'optional',
  systemPrompt: 'optional',
  llmModel: 'optional',
  llmProviderId: 'optional',
  allowModelChoice: 'optional',
  temperature: 'optional',
  maxTokens: 'optional',
  isPublic: 'optional',
  showPromptToUsers: 'optional',
  enableSearch: 'optional',
  searchLimit: 'optional',
  chunkSize: 'optional',
  chunkOverlap: 'optional',
};
const createTemplate: ViewKeys<CreateTemplateRequest> = {
  name: 'required',
  description: 'optional',
  templateType: 'optional',
  promptText: 'required',
  responseFormat: 'optional',
  tags: 'optional',
  isPublic: 'optional',
};
const allOptional = <T extends object>(keys: ViewKeys<T>) => Object.fromEntries(Object.keys(keys).map((key) => [key, 'optional'])) as ViewKeys<Partial<T>>;
const createApiKey: ViewKeys<CreateApiKeyRequest> = { name: 'required', expiresInDays: 'optional', scopes: 'optional' };
const createToolServer: ViewKeys<CreateToolServerRequest> = {
  name: 'required',
  transport: 'required',
  url: 'optional',
  headers: 'optional',
  command: 'optional',
  args: 'optional',
  env: 'optional',
  shared: 'optional',
};
const { transport: _transport, ...toolServerFields } = createToolServer;
const listTemplates: ViewKeys<ListTemplatesQuery> = { ...page, tag: 'optional', type: 'optional', search: 'optional' };

/** `METHOD /path` as the OpenAPI document names the operation → the keys of its JSON body. */
export const REQUEST_BODY_KEYS: Record<string, ViewKeys<object>> = {
  'post /api/assistants': createAssistant,
  'patch /api/assistants/{id}': allOptional(createAssistant) satisfies ViewKeys<UpdateAssistantRequest>,
  'put /api/assistants/{id}/default-template': { templateId: 'required' } satisfies ViewKeys<SetDefaultTemplateRequest>,
  'post /api/assistants/{id}/search': { query: 'required', limit: 'optional' } satisfies ViewKeys<SearchRequest>,
  'post /api/auth/register': { email: 'required', name: 'required', password: 'required' } satisfies ViewKeys<RegisterRequest>,
  'post /api/auth/login': { email: 'required', password: 'required' } satisfies ViewKeys<LoginRequest>,
  'post /api/auth/api-keys': createApiKey,
  'post /api/users/{id}/api-keys': createApiKey,
  'post /api/conversations': { assistantId: 'required', title: 'optional' } satisfies ViewKeys<CreateConversationRequest>,
  'post /api/conversations/{id}/shares': { audience: 'optional' } satisfies ViewKeys<CreateShareRequest>,
  'patch /api/conversations/{id}': {
    title: 'optional',
    status: 'optional',
    pinned: 'optional',
    tags: 'optional',
  } satisfies ViewKeys<UpdateConversationRequest>,
  'post /api/conversations/{id}/messages': {
    content: 'required',
    templateId: 'optional',
    variables: 'optional',
    clientMessageId: 'optional',
    editOf: 'optional',
  } satisfies ViewKeys<SendMessageRequest>,
  'put /api/conversations/{id}/branch': { messageId: 'required' } satisfies ViewKeys<ChooseVersionRequest>,
  'put /api/messages/{id}/rating': { rating: 'required', comment: 'optional' } satisfies ViewKeys<RateMessageRequest>,
  'post /api/templates': createTemplate,
  'patch /api/templates/{id}': allOptional(createTemplate) satisfies ViewKeys<UpdateTemplateRequest>,
  'post /api/templates/{id}/render': { variables: 'optional' } satisfies ViewKeys<RenderTemplateRequest>,
  'post /api/templates/preview': { variables: 'optional', promptText: 'required' } satisfies ViewKeys<PreviewTemplateRequest>,
  'post /api/users': {
    email: 'required',
    name: 'required',
    role: 'optional',
    isServiceAccount: 'optional',
    password: 'optional',
  } satisfies ViewKeys<CreateUserRequest>,
  'patch /api/users/{id}': { name: 'optional', role: 'optional', disabled: 'optional' } satisfies ViewKeys<UpdateUserRequest>,
  'patch /api/auth/me': { name: 'optional', language: 'optional', theme: 'optional' } satisfies ViewKeys<UpdateProfileRequest>,
  'post /api/tool-servers': createToolServer,
  'patch /api/tool-servers/{id}': allOptional<Omit<CreateToolServerRequest, 'transport'>>(toolServerFields) satisfies ViewKeys<UpdateToolServerRequest>,
  'put /api/assistants/{id}/tools': { tools: 'required', maxToolRounds: 'optional' } satisfies ViewKeys<SetAssistantToolsRequest>,
  'post /api/llm-providers': { name: 'required', baseUrl: 'required', apiKey: 'optional' } satisfies ViewKeys<CreateLlmProviderRequest>,
  'patch /api/llm-providers/{id}': { name: 'optional', baseUrl: 'optional', apiKey: 'optional' } satisfies ViewKeys<UpdateLlmProviderRequest>,
  'put /api/conversations/{id}/model': { providerId: 'required', model: 'required' } satisfies ViewKeys<SetConversationModelRequest>,
  'post /api/tool-calls/{id}/reject': { reason: 'optional' } satisfies ViewKeys<RejectToolCallRequest>,
};

/** The same for the query parameters of the lists and reports that take a query object. */
export const QUERY_KEYS: Record<string, ViewKeys<object>> = {
  'get /api/assistants': { ...page, search: 'optional', type: 'optional', mine: 'optional', isPublic: 'optional' } satisfies ViewKeys<ListAssistantsQuery>,
  'get /api/templates': listTemplates,
  'get /api/conversations': {
    ...page,
    assistantId: 'optional',
    status: 'optional',
    search: 'optional',
    tag: 'optional',
  } satisfies ViewKeys<ListConversationsQuery>,
  'get /api/conversations/{id}/messages': { cursor: 'optional', limit: 'optional', order: 'optional' } satisfies ViewKeys<ListMessagesQuery>,
  'get /api/conversations/{id}/export': { format: 'optional' } satisfies ViewKeys<ExportConversationQuery>,
  'get /api/assistants/{id}/usage': { from: 'optional', to: 'optional', bucket: 'optional' } satisfies ViewKeys<UsageQuery>,
  'get /api/usage': { from: 'optional', to: 'optional', bucket: 'optional' } satisfies ViewKeys<UsageQuery>,
  'get /api/users': { ...page, search: 'optional' } satisfies ViewKeys<ListUsersQuery>,
};
