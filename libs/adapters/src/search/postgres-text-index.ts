import { Prisma, type PrismaClient } from '@assistants/db';
import type { TextChunk, TextIndex } from '@assistants/domain';
import { guessLanguage, queryWords, SEARCH_LANGUAGES, type SearchLanguage } from '@assistants/domain';

const BATCH = 500;

/** Words of the query joined with OR, safe for to_tsquery. */
export function toOrQuery(query: string): string | null {
  const words = queryWords(query);
  return words.length ? words.join(' | ') : null;
}

/**
 * PostgreSQL full text on the chunks table: each chunk's words stemmed with the
 * configuration of its language (english, russian or simple) into a stored tsvector
 * with a GIN index, ranked by ts_rank. The embedded default, and the weaker choice:
 * ts_rank knows no document frequencies, so BM25 (OpenSearch/Elasticsearch) ranks better.
 */
export class PostgresTextIndex implements TextIndex {
  readonly engine: string = 'postgres';

  constructor(private readonly prisma: PrismaClient) {}

  async index(chunks: TextChunk[]): Promise<void> {
    const byLanguage = new Map<SearchLanguage, string[]>();
    for (const chunk of chunks) {
      const language = SEARCH_LANGUAGES.includes(chunk.language as SearchLanguage) ? (chunk.language as SearchLanguage) : guessLanguage(chunk.text);
      const ids = byLanguage.get(language);
      if (ids) ids.push(chunk.chunkId);
      else byLanguage.set(language, [chunk.chunkId]);
    }
    for (const [language, ids] of byLanguage) {
      for (let i = 0; i < ids.length; i += BATCH) {
        const batch = ids.slice(i, i + BATCH).map((id) => Prisma.sql`${id}::uuid`);
        await this.prisma.$executeRaw`
          UPDATE chunks SET search_language = ${language}, search_vector = to_tsvector(${language}::regconfig, text)
          WHERE id IN (${Prisma.join(batch)})`;
      }
    }
  }

  async deleteChunks(): Promise<void> {
    // The words live on the chunk rows, which go when they are deleted.
  }

  async deleteDocument(_documentId?: string): Promise<void> {
    // The words live on the chunk rows, which go with their document.
  }

  async search(assistantId: string, query: string, limit: number): Promise<{ chunkId: string; score: number }[]> {
    const tsQuery = toOrQuery(query);
    if (!tsQuery) return [];
    // The query's language is unknown: parsed in every configuration, it matches chunks stemmed in any.
    const rows = await this.prisma.$queryRaw<{ id: string; score: number }[]>`
      WITH q AS (
        SELECT to_tsquery('english', ${tsQuery}) || to_tsquery('russian', ${tsQuery}) || to_tsquery('simple', ${tsQuery}) AS query
      )
      SELECT c.id, ts_rank(c.search_vector, q.query, 1)::float8 AS score
      FROM q, chunks c JOIN knowledge_documents d ON d.id = c.document_id
      WHERE c.search_vector @@ q.query AND c.assistant_id = ${assistantId}::uuid AND c.generation = d.live_generation
      ORDER BY score DESC, c.id
      LIMIT ${limit}`;
    return rows.map((row) => ({ chunkId: row.id, score: Number(row.score) }));
  }
}
