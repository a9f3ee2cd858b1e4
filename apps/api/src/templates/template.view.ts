import type { TemplateView } from '@assistants/common';
import type { PromptTemplate } from '@assistants/db';
import { averageRating } from '../assistants/assistant.view';

export function toTemplateView(template: PromptTemplate): TemplateView {
  return {
    id: template.id,
    name: template.name,
    description: template.description,
    templateType: template.templateType,
    promptText: template.promptText,
    variables: template.variables,
    responseFormat: template.responseFormat,
    tags: template.tags,
    isPublic: template.isPublic,
    ownerId: template.ownerId,
    usageCount: template.usageCount,
    averageRating: averageRating(template),
    ratingCount: template.ratingCount,
    createdAt: template.createdAt.toISOString(),
    updatedAt: template.updatedAt.toISOString(),
  };
}
