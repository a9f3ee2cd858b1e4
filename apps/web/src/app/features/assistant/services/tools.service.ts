import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { AssistantToolsView, CreateToolServerRequest, SetAssistantToolsRequest, ToolServerView } from '@assistants/common';

const serverUrl = (id: string) => `/api/tool-servers/${encodeURIComponent(id)}`;
const assistantToolsUrl = (id: string) => `/api/assistants/${encodeURIComponent(id)}/tools`;

/** MCP tool servers (the caller's own and shared ones; all for admins) and the tools an assistant may call. */
@Injectable({ providedIn: 'root' })
export class ToolsService {
  private readonly http = inject(HttpClient);

  servers() {
    return this.http.get<ToolServerView[]>('/api/tool-servers');
  }

  /** Connects and lists the server's tools; a server that cannot be reached is still added, its status says why. */
  createServer(request: CreateToolServerRequest) {
    return this.http.post<ToolServerView>('/api/tool-servers', request);
  }

  /** Connects again and lists its tools. */
  refreshServer(id: string) {
    return this.http.post<ToolServerView>(`${serverUrl(id)}/refresh`, {});
  }

  deleteServer(id: string) {
    return this.http.delete<void>(serverUrl(id));
  }

  assistantTools(assistantId: string) {
    return this.http.get<AssistantToolsView>(assistantToolsUrl(assistantId));
  }

  /** Replaces the assistant's whole list; answers it as stored. */
  saveAssistantTools(assistantId: string, request: SetAssistantToolsRequest) {
    return this.http.put<AssistantToolsView>(assistantToolsUrl(assistantId), request);
  }
}
