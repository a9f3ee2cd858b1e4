import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Page, RenderedTemplateView, ResponseFormat, TemplateType, TemplateView } from '@assistants/common';

export const TEMPLATE_TYPES: readonly TemplateType[] = ['general', 'qa', 'support', 'analysis', 'summary', 'extraction', 'custom'];
export const RESPONSE_FORMATS: readonly ResponseFormat[] = ['text', 'markdown', 'json', 'table', 'html', 'code'];

export interface TemplateQuery {
  search: string;
  type: TemplateType | '';
  tag: string;
}

/** The fields the editor sends, as POST and PATCH take them. */
export type TemplateDraft = Pick<TemplateView, 'name' | 'description' | 'templateType' | 'promptText' | 'responseFormat' | 'tags' | 'isPublic'>;

const id = encodeURIComponent;

/** The REST calls of the templates library and of the chat's template picker. */
@Injectable({ providedIn: 'root' })
export class TemplatesService {
  private readonly http = inject(HttpClient);

  list(query: TemplateQuery) {
    let params = new HttpParams().set('limit', 100);
    if (query.search.trim()) params = params.set('search', query.search.trim());
    if (query.type) params = params.set('type', query.type);
    if (query.tag.trim()) params = params.set('tag', query.tag.trim());
    return this.http.get<Page<TemplateView>>('/api/templates', { params });
  }

  create(draft: TemplateDraft) {
    return this.http.post<TemplateView>('/api/templates', draft);
  }

  update(templateId: string, draft: Partial<TemplateDraft>) {
    return this.http.patch<TemplateView>(`/api/templates/${id(templateId)}`, draft);
  }

  remove(templateId: string) {
    return this.http.delete<void>(`/api/templates/${id(templateId)}`);
  }

  /** Renders unsaved text with the given values. */
  preview(promptText: string, variables: Record<string, string>) {
    return this.http.post<RenderedTemplateView>('/api/templates/preview', { promptText, variables });
  }

  /** The templates linked to an assistant (the chat's picker offers these). */
  forAssistant(assistantId: string) {
    return this.http.get<TemplateView[]>(`/api/assistants/${id(assistantId)}/templates`);
  }

  link(assistantId: string, templateId: string) {
    return this.http.put<TemplateView[]>(`/api/assistants/${id(assistantId)}/templates/${id(templateId)}`, {});
  }
}

/** "HR, Policy ,, hr" → ["hr", "policy"]: the server lower-cases and de-duplicates too. */
export function parseTags(text: string): string[] {
  return [...new Set(text.split(',').map((tag) => tag.trim().toLowerCase()).filter(Boolean))];
}
