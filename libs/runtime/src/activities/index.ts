import type { ChatTurnActivities, IngestActivities } from '@assistants/workflows';
import { createChatActivities } from './chat.activities';
import type { ActivityDeps } from './deps';
import { createIngestActivities } from './ingest.activities';

export type Activities = ChatTurnActivities & IngestActivities;

/** All activities from their dependencies: the Temporal worker and the embedded runner both call this. */
export function createActivities(deps: ActivityDeps): Activities {
  return { ...createChatActivities(deps), ...createIngestActivities(deps) };
}

export * from './deps';
export { DocumentMissingError } from './ingest.activities';
export { chooseTemplateVersion } from './template-choice';
export { buildPrompt, PromptTooLongError } from '@assistants/domain';
