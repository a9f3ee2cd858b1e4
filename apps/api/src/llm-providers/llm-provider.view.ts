import { MASKED_SECRET } from '@assistants/adapters';
import type { LlmProviderView } from '@assistants/common';
import type { LlmProviderRecord } from '@assistants/domain';

/** The key is never shown, to anyone: "••••" says one is stored. */
export function toLlmProviderView(provider: LlmProviderRecord): LlmProviderView {
  return {
    id: provider.id,
    name: provider.name,
    builtin: false,
    baseUrl: provider.baseUrl,
    apiKey: provider.apiKey ? MASKED_SECRET : null,
    models: provider.models,
    status: provider.status,
    refreshedAt: provider.refreshedAt?.toISOString() ?? null,
    createdAt: provider.createdAt.toISOString(),
    updatedAt: provider.updatedAt.toISOString(),
  };
}
