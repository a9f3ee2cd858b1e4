import type { PromptTemplate } from '@assistants/db';
import { averageRating } from '../assistants/assistant.view';

export function toTemplateView(template: PromptTemplate) {
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
    createdAt: template.createdAt,
    updatedAt: template.updatedAt,
  };
}
