import type { RenderResult } from '../template-text';
import type { IsoDateTime, ViewKeys } from './keys';

export const TEMPLATE_TYPES = ['general', 'qa', 'support', 'analysis', 'summary', 'extraction', 'custom'] as const;
export type TemplateType = (typeof TEMPLATE_TYPES)[number];
export const RESPONSE_FORMATS = ['text', 'markdown', 'json', 'table', 'html', 'code'] as const;
export type ResponseFormat = (typeof RESPONSE_FORMATS)[number];

export interface TemplateView {
  id: string;
  name: string;
  description: string;
  templateType: TemplateType;
  promptText: string;
  /** The distinct {{variables}} of the prompt text, in order of first use. */
  variables: string[];
  responseFormat: ResponseFormat;
  tags: string[];
  isPublic: boolean;
  ownerId: string;
  usageCount: number;
  /** Rounded to two decimals; null before the first rating. */
  averageRating: number | null;
  ratingCount: number;
  createdAt: IsoDateTime;
  updatedAt: IsoDateTime;
}

export const TEMPLATE_VIEW_KEYS: ViewKeys<TemplateView> = {
  id: 'required',
  name: 'required',
  description: 'required',
  templateType: 'required',
  promptText: 'required',
  variables: 'required',
  responseFormat: 'required',
  tags: 'required',
  isPublic: 'required',
  ownerId: 'required',
  usageCount: 'required',
  averageRating: 'required',
  ratingCount: 'required',
  createdAt: 'required',
  updatedAt: 'required',
};

/** The template as its owner has it now, offered to the assistant's owner for review. */
export interface TemplateVersionView {
  promptText: string;
  variables: string[];
  responseFormat: ResponseFormat;
  updatedAt: IsoDateTime;
}

export const TEMPLATE_VERSION_VIEW_KEYS: ViewKeys<TemplateVersionView> = {
  promptText: 'required',
  variables: 'required',
  responseFormat: 'required',
  updatedAt: 'required',
};

/** How an assistant uses one of its linked templates. */
export interface TemplateLinkView {
  /**
   * 'live': the assistant owner's own template, used as it is now. 'pinned': someone else's, used
   * as it was when linked or when the assistant's owner last accepted an update.
   */
  follows: 'live' | 'pinned';
  linkedAt: IsoDateTime;
  /** The template's updatedAt when the version in use was taken. */
  versionAt: IsoDateTime;
  /** The template's owner changed its text or response format since: accept with POST /api/assistants/:id/templates/:templateId/accept-update. */
  updateAvailable: boolean;
  /** The newer version, when updateAvailable; else null. */
  latest: TemplateVersionView | null;
}

export const TEMPLATE_LINK_VIEW_KEYS: ViewKeys<TemplateLinkView> = {
  follows: 'required',
  linkedAt: 'required',
  versionAt: 'required',
  updateAvailable: 'required',
  latest: 'required',
};

/**
 * A template as one assistant uses it (GET /api/assistants/:id/templates): promptText, variables
 * and responseFormat are the version in use; `link` tells whether a newer one exists.
 */
export interface AssistantTemplateView extends TemplateView {
  link: TemplateLinkView;
}

export const ASSISTANT_TEMPLATE_VIEW_KEYS: ViewKeys<AssistantTemplateView> = { ...TEMPLATE_VIEW_KEYS, link: 'required' };

/** A rendered template (saved or previewed): the text, variables without a value, and all variables. */
export interface RenderedTemplateView extends RenderResult {
  variables: string[];
}

export const RENDERED_TEMPLATE_VIEW_KEYS: ViewKeys<RenderedTemplateView> = { text: 'required', missing: 'required', variables: 'required' };
