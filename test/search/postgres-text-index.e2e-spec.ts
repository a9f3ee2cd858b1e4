import { applyMigrations, pgRunner, readMigrations, type SqlRunner } from '@assistants/db';
import { PostgresTextIndex } from '@assistants/adapters';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { scratchTarget, useScratchDatabase } from '../support/test-database';

/** An owner, an assistant and a document (ready unless told), in plain SQL so it works before and after any migration. */
async function seed(sql: SqlRunner, status = 'ready', live = true) {
  const [user, assistant, document] = [randomUUID(), randomUUID(), randomUUID()];
  await sql.query(`INSERT INTO users (id, email, name, updated_at) VALUES ($1, $2, 'u', now())`, [user, `${user}@t.test`]);
  await sql.query(`INSERT INTO assistants (id, name, llm_model, owner_id, updated_at) VALUES ($1, 'a', 'm', $2, now())`, [assistant, user]);
  await sql.query(
    `INSERT INTO knowledge_documents (id, assistant_id, filename, mime_type, size_bytes, checksum, status, updated_at)
     VALUES ($1, $2, 'f.txt', 'text/plain', 1, $3, $4, now())`,
    [document, assistant, randomUUID(), status],
  );
  // Ready documents are searchable in their first generation (the column is absent before the reindex migration, which sets it).
  if (live) await sql.query(`UPDATE knowledge_documents SET live_generation = 0 WHERE id = $1 AND status = 'ready'`, [document]);
  const chunk = async (text: string, position: number) => {
    const id = randomUUID();
    await sql.query(`INSERT INTO chunks (id, document_id, assistant_id, position, text, token_count) VALUES ($1, $2, $3, $4, $5, 1)`, [
      id,
      document,
      assistant,
      position,
      text,
    ]);
    return { chunkId: id, assistantId: assistant, documentId: document, text };
  };
  return { assistant, document, chunk };
}

describe('PostgresTextIndex (the embedded text leg)', () => {
  const db = useScratchDatabase();

  it('stems each chunk in its own language, ranks the best match first and keeps to the live generation of the assistant documents', async () => {
    const index = new PostgresTextIndex(db.prisma);
    const { assistant, document, chunk } = await seed(db.sql);
    const en = await chunk('The old dog runs through the park every morning.', 0);
    const ru = await chunk('Собаки бегают по парку каждое утро.', 1);
    const both = await chunk('Running, running and running again: runners run.', 2);
    const digits = await chunk('12345 678', 3);
    const ids = (hits: { chunkId: string }[]) => hits.map((h) => h.chunkId);
    await index.index([en, ru, both, digits]);

    const languages = await db.sql.query<{ id: string; search_language: string }>(`SELECT id, search_language FROM chunks WHERE document_id = $1`, [document]);
    expect(Object.fromEntries(languages.map((r) => [r.id, r.search_language]))).toEqual({
      [en.chunkId]: 'english',
      [ru.chunkId]: 'russian',
      [both.chunkId]: 'english',
      [digits.chunkId]: 'simple',
    });

    const running = await index.search(assistant, 'running', 10);
    expect(ids(running)).toEqual([both.chunkId, en.chunkId]);
    expect(running[0].score).toBeGreaterThan(running[1].score);
    expect(ids(await index.search(assistant, 'собака', 10))).toEqual([ru.chunkId]);
    expect(ids(await index.search(assistant, '12345', 10))).toEqual([digits.chunkId]);
    expect(await index.search(randomUUID(), 'running', 10)).toEqual([]);
    expect(await index.search(assistant, '?!', 10)).toEqual([]);

    // Being re-indexed: still searchable in its live generation, and only in that one.
    await db.sql.query(`UPDATE knowledge_documents SET status = 'processing' WHERE id = $1`, [document]);
    expect(await index.search(assistant, 'running', 10)).toHaveLength(2);
    await db.sql.query(`UPDATE knowledge_documents SET live_generation = 1 WHERE id = $1`, [document]);
    expect(await index.search(assistant, 'running', 10)).toEqual([]);
    // Never ready yet (a first ingest under way): not searchable.
    await db.sql.query(`UPDATE knowledge_documents SET live_generation = NULL WHERE id = $1`, [document]);
    expect(await index.search(assistant, 'running', 10)).toEqual([]);
  });

  it('can answer from the GIN index', async () => {
    // With sequential scans priced out, the planner must be able to use the index for @@.
    const plan = await db.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off');
      return tx.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(
        `EXPLAIN SELECT id FROM chunks WHERE search_vector @@ (to_tsquery('english', 'run') || to_tsquery('russian', 'run'))`,
      );
    });
    expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('chunks_search_vector_idx');
  });
});

describe('the chunk_text_search migration', () => {
  it('backfills the language and words of chunks ingested before it', async () => {
    const scratch = await scratchTarget();
    const pool = new Pool({ connectionString: (scratch.target as { url: string }).url });
    const sql = pgRunner(pool);
    try {
      const migrations = readMigrations();
      const at = migrations.findIndex((m) => m.name.endsWith('_chunk_text_search'));
      await applyMigrations(sql, migrations.slice(0, at));
      const { chunk } = await seed(sql, 'ready', false);
      const en = await chunk('Refunds are paid within thirty days.', 0);
      const ru = await chunk('Возврат денег в течение тридцати дней.', 1);
      await applyMigrations(sql, migrations);
      const rows = await sql.query<{ id: string; search_language: string; words: string }>(
        `SELECT id, search_language, search_vector::text AS words FROM chunks`,
      );
      const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
      expect(byId[en.chunkId]).toMatchObject({ search_language: 'english' });
      expect(byId[en.chunkId].words).toContain("'refund'");
      expect(byId[ru.chunkId]).toMatchObject({ search_language: 'russian' });
      expect(byId[ru.chunkId].words).toContain("'возврат'");
    } finally {
      await pool.end();
      await scratch.drop();
    }
  });
});
