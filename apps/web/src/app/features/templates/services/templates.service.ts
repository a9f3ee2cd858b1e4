import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CreateTemplateRequest,
  ListTemplatesQuery,
  Page,
  PreviewTemplateRequest,
  RenderedTemplateView,
  TemplateType,
  TemplateView,
  UpdateTemplateRequest,
} from '@assistants/common';
import { queryParams } from '../../../core/api/query-params';

export interface TemplateQuery {
  search: string;
  type: TemplateType | '';
  tag: string;
}

const id = encodeURIComponent;

/** The REST calls of the templates library and of the chat's template picker. */
@Injectable({ providedIn: 'root' })
export class TemplatesService {
  private readonly http = inject(HttpClient);

  list(query: TemplateQuery) {
    const params = queryParams<ListTemplatesQuery>({ limit: 100, search: query.search.trim(), type: query.type || undefined, tag: query.tag.trim() });
    return this.http.get<Page<TemplateView>>('/api/templates', { params });
  }

  create(template: CreateTemplateRequest) {
    return this.http.post<TemplateView>('/api/templates', template);
  }

  update(templateId: string, change: UpdateTemplateRequest) {
    return this.http.patch<TemplateView>(`/api/templates/${id(templateId)}`, change);
  }

  remove(templateId: string) {
    return this.http.delete<void>(`/api/templates/${id(templateId)}`);
  }

  /** Renders unsaved text with the given values. */
  preview(promptText: string, variables: Record<string, string>) {
    return this.http.post<RenderedTemplateView>('/api/templates/preview', { promptText, variables } satisfies PreviewTemplateRequest);
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
  return [
    ...new Set(
      text
        .split(',')
        .map((tag) => tag.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}
