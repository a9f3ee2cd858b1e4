import { canUserAccess, type Principal } from '@assistants/common';

/** What of a template shapes the prompt: its text and the response format it asks for. */
export interface TemplateVersion {
  promptText: string;
  responseFormat: string;
}

export interface TemplateForTurnInput {
  /** The template as its owner has it now; null when it was deleted. */
  template: (TemplateVersion & { id: string; name: string; ownerId: string; isPublic: boolean }) | null;
  /** The assistant's link to it, holding the version the assistant's owner accepted; null when not linked. */
  link: TemplateVersion | null;
  assistantOwner: Principal;
  /** Who sent the message, when they chose the template for it; absent for the assistant's default template. */
  sender?: Principal;
}

export type TemplateRefusal = 'gone' | 'forbidden' | 'unlinked';

export type TemplateForTurn = { use: TemplateVersion & { id: string; name: string } } | { refused: TemplateRefusal; reason: string; template?: string };

/** Whether two versions would prompt differently. */
export function sameTemplateVersion(a: TemplateVersion, b: TemplateVersion): boolean {
  return a.promptText === b.promptText && a.responseFormat === b.responseFormat;
}

/**
 * Which version of a template a chat turn uses, or why none (checked when the message is sent and
 * again when the turn runs, so a template made private since is not used):
 * - whoever chose it must still be allowed to read it: the sender for a template picked for one
 *   message, the assistant's owner for the assistant's default (the sender does not choose that one);
 * - the sender's own template is used as it is now, with any assistant they may talk to;
 * - otherwise it must be linked to the assistant: the assistant owner's own template as it is now,
 *   anyone else's as the link holds it, so its owner cannot rewrite other people's assistants.
 */
export function templateForTurn({ template, link, assistantOwner, sender }: TemplateForTurnInput): TemplateForTurn {
  if (!template) return { refused: 'gone', reason: 'The template was deleted.' };
  const noLonger = { refused: 'forbidden', reason: `The template "${template.name}" is no longer shared by its owner.`, template: template.name } as const;
  const current = { use: { id: template.id, name: template.name, promptText: template.promptText, responseFormat: template.responseFormat } };
  if (sender) {
    if (!canUserAccess(template, sender)) return noLonger;
    if (template.ownerId === sender.id) return current;
  }
  if (!link)
    return {
      refused: 'unlinked',
      reason: `The template "${template.name}" is not linked to this assistant; link it first, or use a template of your own.`,
      template: template.name,
    };
  if (!canUserAccess(template, assistantOwner)) return noLonger;
  if (template.ownerId === assistantOwner.id) return current;
  return { use: { id: template.id, name: template.name, promptText: link.promptText, responseFormat: link.responseFormat } };
}
