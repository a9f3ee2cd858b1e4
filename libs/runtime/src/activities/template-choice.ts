import type { PrismaClient } from '@assistants/db';
import { templateForTurn, type TemplateForTurn } from '@assistants/domain';

/**
 * Loads what templateForTurn weighs (the template as it is now, the assistant's link to it, the
 * current roles of the assistant's owner and of the sender) and decides. `senderId`: who chose the
 * template for their message; null for the assistant's default. Used when a message is sent and
 * when its turn runs, so both apply one rule.
 */
export async function chooseTemplateVersion(
  prisma: PrismaClient,
  q: { assistantId: string; templateId: string; senderId: string | null },
): Promise<TemplateForTurn> {
  const [template, link, assistant, sender] = await Promise.all([
    prisma.promptTemplate.findUnique({ where: { id: q.templateId } }),
    prisma.assistantTemplate.findUnique({ where: { assistantId_templateId: { assistantId: q.assistantId, templateId: q.templateId } } }),
    prisma.assistant.findUniqueOrThrow({ where: { id: q.assistantId }, select: { owner: { select: { id: true, role: true } } } }),
    q.senderId ? prisma.user.findUnique({ where: { id: q.senderId }, select: { id: true, role: true } }) : null,
  ]);
  // A sender whose account is gone has no rights left: weigh them as a member.
  const chooser = q.senderId ? { sender: sender ?? { id: q.senderId, role: 'member' as const } } : {};
  return templateForTurn({ template, link, assistantOwner: assistant.owner, ...chooser });
}
