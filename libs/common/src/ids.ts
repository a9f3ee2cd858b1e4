/** A UUID in its canonical text form, any version, any case: the shape of every id the API hands out. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: string): boolean => UUID_PATTERN.test(value);

// A task's id is its workflow's id, one a person can read in the Temporal UI. The server makes them
// and the web app derives a turn's from its messages, so both use these.
/** A question's first answer is chat-<conversation>-<question>; a regenerated one chat-<conversation>-<answer>. */
export const chatTurnTaskId = (conversationId: string, questionId: string) => `chat-${conversationId}-${questionId}`;
export const ingestTaskId = (documentId: string) => `ingest-${documentId}`;
export const cleanupTaskId = (documentId: string) => `cleanup-${documentId}`;
/** Re-indexing one document reuses its ingest id (`ingest-…`, with `reindex` set); a whole assistant has its own. */
export const reindexAssistantTaskId = (assistantId: string) => `reindex-assistant-${assistantId}`;

const TASK_ID = /^(chat|ingest|cleanup|reindex-assistant)-[0-9a-f-]{36,73}$/;
/** Whether `value` has the shape of a task id (ids of other shapes name no task). */
export const isTaskId = (value: string): boolean => TASK_ID.test(value);
