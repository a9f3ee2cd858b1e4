import type { PageQuery } from '../pagination';
import type { ResponseFormat, TemplateType } from '../views/template';

/** POST /api/templates. */
export interface CreateTemplateRequest {
  name: string;
  description?: string;
  templateType?: TemplateType;
  /** Prompt text with {{variables}}. */
  promptText: string;
  responseFormat?: ResponseFormat;
  /** Lower-cased and de-duplicated by the server. */
  tags?: string[];
  /** Public templates can be used by every user. */
  isPublic?: boolean;
}

/** PATCH /api/templates/:id: any fields of the create request; those left out keep their value. */
export type UpdateTemplateRequest = Partial<CreateTemplateRequest>;

/** POST /api/templates/:id/render: a saved template filled with values. */
export interface RenderTemplateRequest {
  variables?: Record<string, string>;
}

/** POST /api/templates/preview: unsaved text filled with values. */
export interface PreviewTemplateRequest extends RenderTemplateRequest {
  promptText: string;
}

/** GET /api/templates: the caller's own and public ones. */
export interface ListTemplatesQuery extends PageQuery {
  tag?: string;
  type?: TemplateType;
  /** Matches name or description. */
  search?: string;
}
