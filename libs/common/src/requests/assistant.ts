import type { PageQuery } from '../pagination';
import type { AssistantType } from '../system-prompt';

/** What temperature, maxTokens and searchLimit are when not chosen (left out, or null: "the default"). */
export const ASSISTANT_SETTING_DEFAULTS = { temperature: 0.7, maxTokens: 1024, searchLimit: 5 } as const;

/** POST /api/assistants. Limits and defaults: CreateAssistantDto, and the OpenAPI document. */
export interface CreateAssistantRequest {
  name: string;
  description?: string;
  assistantType?: AssistantType;
  /** Null or empty: the default prompt of the assistant type. */
  systemPrompt?: string | null;
  llmModel?: string;
  /** The provider of llmModel (one of GET /api/llm-providers/models); null or left out: the built-in one. */
  llmProviderId?: string | null;
  /** Whether people chatting may pick another offered model for their conversation. */
  allowModelChoice?: boolean;
  /** Null: the default (ASSISTANT_SETTING_DEFAULTS), which the view then shows. Same for maxTokens and searchLimit. */
  temperature?: number | null;
  maxTokens?: number | null;
  isPublic?: boolean;
  showPromptToUsers?: boolean;
  enableSearch?: boolean;
  searchLimit?: number | null;
  chunkSize?: number;
  chunkOverlap?: number;
}

/** PATCH /api/assistants/:id: any fields of the create request; those left out keep their value. */
export type UpdateAssistantRequest = Partial<CreateAssistantRequest>;

/** PUT /api/assistants/:id/default-template. */
export interface SetDefaultTemplateRequest {
  /** A linked template's id, or null for none. */
  templateId: string | null;
}

/** GET /api/assistants. */
export interface ListAssistantsQuery extends PageQuery {
  /** Matches name or description. */
  search?: string;
  type?: AssistantType;
  /** Only the caller's own assistants. */
  mine?: boolean;
  isPublic?: boolean;
}
