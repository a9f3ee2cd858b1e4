import { type AssistantTemplateView, extractVariables, type ResponseFormat } from '@assistants/common';
import type { AssistantTemplate, PromptTemplate } from '@assistants/db';
import { sameTemplateVersion } from '@assistants/domain';
import { toTemplateView } from '../templates/template.view';

/** The version a link holds, taken from the template as it is now (when linked, and when an update is accepted). */
export function versionOf(template: PromptTemplate): Pick<AssistantTemplate, 'promptText' | 'responseFormat' | 'versionAt'> {
  return { promptText: template.promptText, responseFormat: template.responseFormat, versionAt: template.updatedAt };
}

/** A linked template as the assistant uses it: the owner's own as it is now, anyone else's at the version the link holds. */
export function toAssistantTemplateView(link: AssistantTemplate & { template: PromptTemplate }, assistantOwnerId: string): AssistantTemplateView {
  const { template } = link;
  const view = toTemplateView(template);
  const linkedAt = link.createdAt.toISOString();
  if (template.ownerId === assistantOwnerId) {
    return { ...view, link: { follows: 'live', linkedAt, versionAt: view.updatedAt, updateAvailable: false, latest: null } };
  }
  const updateAvailable = !sameTemplateVersion(link, template);
  return {
    ...view,
    promptText: link.promptText,
    variables: extractVariables(link.promptText),
    responseFormat: link.responseFormat as ResponseFormat,
    link: {
      follows: 'pinned',
      linkedAt,
      versionAt: link.versionAt.toISOString(),
      updateAvailable,
      latest: updateAvailable
        ? { promptText: view.promptText, variables: view.variables, responseFormat: view.responseFormat, updatedAt: view.updatedAt }
        : null,
    },
  };
}
