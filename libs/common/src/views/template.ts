import type { RenderResult } from '../template-text';
import type { IsoDateTime, ViewKeys } from './keys';

export type TemplateType = 'general' | 'qa' | 'support' | 'analysis' | 'summary' | 'extraction' | 'custom';
export type ResponseFormat = 'text' | 'markdown' | 'json' | 'table' | 'html' | 'code';

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

/** A rendered template (saved or previewed): the text, variables without a value, and all variables. */
export interface RenderedTemplateView extends RenderResult {
  variables: string[];
}

export const RENDERED_TEMPLATE_VIEW_KEYS: ViewKeys<RenderedTemplateView> = { text: 'required', missing: 'required', variables: 'required' };
