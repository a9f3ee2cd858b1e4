import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';
import type { Connection } from '@temporalio/client';

/** Keys ops staff can filter runs by in the Temporal UI (`AssistantId = "…"`). */
export const SEARCH_ATTRIBUTES = {
  assistantId: defineSearchAttributeKey('AssistantId', SearchAttributeType.KEYWORD),
  userId: defineSearchAttributeKey('UserId', SearchAttributeType.KEYWORD),
  taskKind: defineSearchAttributeKey('TaskKind', SearchAttributeType.KEYWORD),
};

export type SearchAttributeValues = { [K in keyof typeof SEARCH_ATTRIBUTES]: string };

/** temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD */
const INDEXED_VALUE_TYPE_KEYWORD = 2;

/** Registers our keys on the namespace; keys that exist already are fine. */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const searchAttributes = Object.fromEntries(Object.values(SEARCH_ATTRIBUTES).map((key) => [key.name, INDEXED_VALUE_TYPE_KEYWORD]));
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  } catch (error) {
    // gRPC ALREADY_EXISTS: registered by an earlier start.
    if ((error as { code?: number }).code !== 6) throw error;
  }
}

export function searchAttributePairs(values: SearchAttributeValues): SearchAttributePair[] {
  return (Object.keys(SEARCH_ATTRIBUTES) as (keyof typeof SEARCH_ATTRIBUTES)[]).map(
    (name) => ({ key: SEARCH_ATTRIBUTES[name], value: values[name] }) as SearchAttributePair,
  );
}
