import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { AssistantView, Page, RenderedTemplateView, TemplateView } from '@assistants/common';

const assistantUrl = (id: string) => `/api/assistants/${encodeURIComponent(id)}`;

/** The templates linked to an assistant, the library to pick from, and previews. */
@Injectable({ providedIn: 'root' })
export class AssistantTemplatesService {
  private readonly http = inject(HttpClient);

  linked(assistantId: string) {
    return this.http.get<TemplateView[]>(`${assistantUrl(assistantId)}/templates`);
  }

  /** The templates the caller may link: their own and public ones. */
  library() {
    return this.http.get<Page<TemplateView>>('/api/templates', { params: new HttpParams().set('limit', 100) });
  }

  /** Answers the linked templates after the change. */
  link(assistantId: string, templateId: string) {
    return this.http.put<TemplateView[]>(`${assistantUrl(assistantId)}/templates/${encodeURIComponent(templateId)}`, {});
  }

  unlink(assistantId: string, templateId: string) {
    return this.http.delete<void>(`${assistantUrl(assistantId)}/templates/${encodeURIComponent(templateId)}`);
  }

  /** null: no default template. */
  setDefault(assistantId: string, templateId: string | null) {
    return this.http.put<AssistantView>(`${assistantUrl(assistantId)}/default-template`, { templateId });
  }

  render(templateId: string, variables: Record<string, string>) {
    return this.http.post<RenderedTemplateView>(`/api/templates/${encodeURIComponent(templateId)}/render`, { variables });
  }
}
