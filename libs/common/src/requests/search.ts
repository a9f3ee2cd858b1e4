/** POST /api/assistants/:id/search: the retrieval a chat turn would run, on its own. */
export interface SearchRequest {
  query: string;
  /** Passages to return after fusion; left out: the assistant's searchLimit. */
  limit?: number;
}
