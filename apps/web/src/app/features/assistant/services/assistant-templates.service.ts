import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  AssistantTemplateView,
  AssistantView,
  ListTemplatesQuery,
  Page,
  PreviewTemplateRequest,
  RenderedTemplateView,
  SetDefaultTemplateRequest,
  TemplateView,
} from '@assistants/common';
import { queryParams } from '../../../core/api/query-params';

const assistantUrl = (id: string) => `/api/assistants/${encodeURIComponent(id)}`;

/** The templates linked to an assistant, the library to pick from, and previews. */
@Injectable({ providedIn: 'root' })
export class AssistantTemplatesService {
  private readonly http = inject(HttpClient);

  /** As the assistant uses them: someone else's template at the version linked, with any newer one. */
  linked(assistantId: string) {
    return this.http.get<AssistantTemplateView[]>(`${assistantUrl(assistantId)}/templates`);
  }

  /** The templates the caller may link: their own and public ones. */
  library() {
    return this.http.get<Page<TemplateView>>('/api/templates', { params: queryParams<ListTemplatesQuery>({ limit: 100 }) });
  }

  /** Answers the linked templates after the change. */
  link(assistantId: string, templateId: string) {
    return this.http.put<AssistantTemplateView[]>(`${assistantUrl(assistantId)}/templates/${encodeURIComponent(templateId)}`, {});
  }

  /** The assistant takes the version the template's owner has now; answers the linked templates after it. */
  acceptUpdate(assistantId: string, templateId: string) {
    return this.http.post<AssistantTemplateView[]>(`${assistantUrl(assistantId)}/templates/${encodeURIComponent(templateId)}/accept-update`, {});
  }

  unlink(assistantId: string, templateId: string) {
    return this.http.delete<void>(`${assistantUrl(assistantId)}/templates/${encodeURIComponent(templateId)}`);
  }

  /** null: no default template. */
  setDefault(assistantId: string, templateId: string | null) {
    return this.http.put<AssistantView>(`${assistantUrl(assistantId)}/default-template`, { templateId } satisfies SetDefaultTemplateRequest);
  }

  /** Renders the text given (the version the assistant uses, which may not be the template's current one). */
  render(promptText: string, variables: Record<string, string>) {
    return this.http.post<RenderedTemplateView>('/api/templates/preview', { promptText, variables } satisfies PreviewTemplateRequest);
  }
}
