import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

/** OpenAPI descriptions of the /v1 answers: OpenAI's own shapes, plus our conversation_id and sources. */
const object = (properties: Record<string, SchemaObject>, required = Object.keys(properties)): SchemaObject => ({ type: 'object', properties, required });
const str: SchemaObject = { type: 'string' };
const int: SchemaObject = { type: 'integer' };

export const MODEL_SCHEMA = object(
  { id: str, object: { type: 'string', enum: ['model'] }, created: int, owned_by: str, name: str, description: { type: 'string', nullable: true } },
  ['id', 'object', 'created', 'owned_by'],
);

export const MODEL_LIST_SCHEMA = object({ object: { type: 'string', enum: ['list'] }, data: { type: 'array', items: MODEL_SCHEMA } });

const SOURCE_SCHEMA = object({ index: int, document_id: str, filename: str, chunk_id: str, position: int, score: { type: 'number' }, text: str });

export const COMPLETION_SCHEMA = object({
  id: str,
  object: { type: 'string', enum: ['chat.completion'] },
  created: int,
  model: str,
  choices: {
    type: 'array',
    items: object({
      index: int,
      message: object({ role: { type: 'string', enum: ['assistant'] }, content: str }),
      finish_reason: { type: 'string', enum: ['stop', 'length'] },
    }),
  },
  usage: object({ prompt_tokens: int, completion_tokens: int, total_tokens: int }),
  conversation_id: str,
  sources: { type: 'array', items: SOURCE_SCHEMA },
  /** Ours: the tool calls the answer made (the message view's toolCalls). */
  tool_calls: { type: 'array', items: { type: 'object' } },
});
