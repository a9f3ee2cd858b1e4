import type { AssistantType } from '../system-prompt';
import type { IsoDateTime, ViewKeys } from './keys';

export interface AssistantStatistics {
  totalConversations: number;
  totalMessages: number;
  /** Rounded to two decimals; null before the first rating. */
  averageRating: number | null;
  ratingCount: number;
}

export const ASSISTANT_STATISTICS_KEYS: ViewKeys<AssistantStatistics> = {
  totalConversations: 'required',
  totalMessages: 'required',
  averageRating: 'required',
  ratingCount: 'required',
};

export interface AssistantView {
  id: string;
  name: string;
  description: string;
  assistantType: AssistantType;
  /**
   * The assistant's own prompt; null uses the default of its type. Present for the owner and admins,
   * and for everyone when showPromptToUsers is on (see canSeeSystemPrompt); omitted otherwise.
   */
  systemPrompt?: string | null;
  /** The prompt actually sent: the own one or the default of the type. Present when systemPrompt is. */
  effectiveSystemPrompt?: string;
  /** Whether people besides the owner and admins may read the system prompt. */
  showPromptToUsers: boolean;
  llmModel: string;
  /** The provider of llmModel; null: the built-in one. */
  llmProviderId: string | null;
  /** Whether people chatting may pick another offered model for their conversation. */
  allowModelChoice: boolean;
  temperature: number;
  maxTokens: number;
  isPublic: boolean;
  enableSearch: boolean;
  searchLimit: number;
  /** Tokens per knowledge chunk (default 256, sized for the local embedder's 256-word-piece window). */
  chunkSize: number;
  /** Tokens repeated from the previous chunk (default 32). */
  chunkOverlap: number;
  ownerId: string;
  defaultTemplateId: string | null;
  statistics: AssistantStatistics;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
}

export const ASSISTANT_VIEW_KEYS: ViewKeys<AssistantView> = {
  id: 'required',
  name: 'required',
  description: 'required',
  assistantType: 'required',
  systemPrompt: 'optional',
  effectiveSystemPrompt: 'optional',
  showPromptToUsers: 'required',
  llmModel: 'required',
  llmProviderId: 'required',
  allowModelChoice: 'required',
  temperature: 'required',
  maxTokens: 'required',
  isPublic: 'required',
  enableSearch: 'required',
  searchLimit: 'required',
  chunkSize: 'required',
  chunkOverlap: 'required',
  ownerId: 'required',
  defaultTemplateId: 'required',
  statistics: 'required',
  createdAt: 'required',
  updatedAt: 'required',
};
