import { type SqlRunner } from '@assistants/db';
import {
  CachedBm25TextIndex,
  CachedVectorIndex,
  CacheSnapshots,
  DocumentCache,
  KnowledgeFingerprints,
  parseTsvector,
  PostgresTextIndex,
} from '@assistants/adapters';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordingSql } from '../support/recording-sql';
import { useScratchDatabase } from '../support/test-database';

/** An owner and an assistant; documents of given chunk texts, indexed by the index under test. */
async function seed(sql: SqlRunner) {
  const [user, assistant] = [randomUUID(), randomUUID()];
  await sql.query(`INSERT INTO users (id, email, name, updated_at) VALUES ($1, $2, 'u', now())`, [user, `${user}@t.test`]);
  await sql.query(`INSERT INTO assistants (id, name, llm_model, owner_id, updated_at) VALUES ($1, 'a', 'm', $2, now())`, [assistant, user]);
  let position = 0;
  const document = async (texts: string[], status = 'ready') => {
    const id = randomUUID();
    await sql.query(
      `INSERT INTO knowledge_documents (id, assistant_id, filename, mime_type, size_bytes, checksum, status, chunk_count, live_generation, updated_at)
       VALUES ($1, $2, 'f.txt', 'text/plain', 1, $3, $4, $5, $6, now())`,
      [id, assistant, randomUUID(), status, texts.length, status === 'ready' ? 0 : null],
    );
    const chunks = texts.map((text) => ({ chunkId: randomUUID(), assistantId: assistant, documentId: id, text }));
    for (const c of chunks) {
      await sql.query(`INSERT INTO chunks (id, document_id, assistant_id, position, text, token_count) VALUES ($1, $2, $3, $4, $5, 1)`, [
        c.chunkId,
        id,
        assistant,
        position++,
        c.text,
      ]);
    }
    return { id, chunks };
  };
  return { assistant, document };
}

const ids = (hits: { chunkId: string }[]) => hits.map((h) => h.chunkId);
// Searchable while it has a live generation of chunks; here a document is taken out while it changes.
const setStatus = (sql: SqlRunner, id: string, status: string) =>
  sql.query(`UPDATE knowledge_documents SET status = $2, live_generation = $3, updated_at = clock_timestamp() WHERE id = $1`, [
    id,
    status,
    status === 'ready' ? 0 : null,
  ]);

describe('CachedBm25TextIndex (the text leg on PostgreSQL without pg_textsearch)', () => {
  const db = useScratchDatabase();

  it('ranks by BM25 over stemmed English and Russian, within the assistant and its ready documents', async () => {
    const index = new CachedBm25TextIndex(db.prisma, db.sql);
    const mine = await seed(db.sql);
    const theirs = await seed(db.sql);
    // "policy" is in every chunk, "refunds" in one: BM25 weighs the rare word, and the chunk holding both comes first.
    const { chunks } = await mine.document([
      'The refund policy: refunds are paid within thirty days.',
      'The travel policy covers trains and hotels.',
      'The policy on policy documents, a policy of its own.',
      'Собаки бегают по парку каждое утро.',
    ]);
    const pending = await mine.document(['A pending refund policy draft.'], 'processing');
    const other = await theirs.document(['Refunds and the refund policy of another assistant.']);
    await index.index([...chunks, ...pending.chunks, ...other.chunks]);

    const hits = await index.search(mine.assistant, 'refund policy', 10);
    expect(ids(hits)).toEqual([chunks[0].chunkId, chunks[2].chunkId, chunks[1].chunkId]);
    expect(hits[0].score).toBeGreaterThan(hits[1].score);
    // Stemmed in each language: "refunding" → refund, "собака" → собак.
    expect(ids(await index.search(mine.assistant, 'refunding', 10))).toEqual([chunks[0].chunkId]);
    expect(ids(await index.search(mine.assistant, 'собака', 10))).toEqual([chunks[3].chunkId]);
    expect(await index.search(mine.assistant, 'zeppelin', 10)).toEqual([]);
    expect(await index.search(mine.assistant, '   ', 10)).toEqual([]);
    expect(ids(await index.search(theirs.assistant, 'refund', 10))).toEqual([other.chunks[0].chunkId]);
    expect(index.cachedBytes).toBeGreaterThan(0);
  });

  it('sees documents another process made ready, re-indexed or deleted', async () => {
    const reader = new CachedBm25TextIndex(db.prisma, db.sql);
    const writer = new PostgresTextIndex(db.prisma);
    const s = await seed(db.sql);
    const first = await s.document(['The warranty covers repairs for two years.']);
    await writer.index(first.chunks);
    expect(ids(await reader.search(s.assistant, 'warranty', 5))).toEqual([first.chunks[0].chunkId]);

    const second = await s.document(['An extended warranty can be bought.'], 'processing');
    await writer.index(second.chunks);
    expect(ids(await reader.search(s.assistant, 'warranty', 5))).toEqual([first.chunks[0].chunkId]);
    await setStatus(db.sql, second.id, 'ready');
    expect(ids(await reader.search(s.assistant, 'warranty', 5)).sort()).toEqual([first.chunks[0].chunkId, second.chunks[0].chunkId].sort());

    // Re-indexed with new text: processing, new chunk words, ready again.
    await setStatus(db.sql, first.id, 'processing');
    await db.sql.query(`UPDATE chunks SET text = 'Returns are accepted within thirty days.' WHERE id = $1`, [first.chunks[0].chunkId]);
    await writer.index([{ ...first.chunks[0], text: 'Returns are accepted within thirty days.' }]);
    await setStatus(db.sql, first.id, 'ready');
    expect(ids(await reader.search(s.assistant, 'warranty', 5))).toEqual([second.chunks[0].chunkId]);
    expect(ids(await reader.search(s.assistant, 'returns', 5))).toEqual([first.chunks[0].chunkId]);

    await db.sql.query(`DELETE FROM knowledge_documents WHERE id = $1`, [second.id]);
    expect(await reader.search(s.assistant, 'warranty', 5)).toEqual([]);
  });

  it('reads many small documents together, each its own, and merges a word across them again when one goes', async () => {
    const reader = new CachedBm25TextIndex(db.prisma, db.sql);
    const writer = new PostgresTextIndex(db.prisma);
    const s = await seed(db.sql);
    const words = ['apple', 'banana', 'cherry', 'damson', 'elderberry', 'fig', 'grape', 'hazelnut', 'kiwi', 'lemon', 'mango', 'nectarine'];
    const documents = [];
    for (const word of words) {
      const document = await s.document([`A shared catalogue entry about ${word} orchards.`]);
      await writer.index(document.chunks);
      documents.push(document);
    }
    for (const [i, word] of words.entries()) expect(ids(await reader.search(s.assistant, word, 5))).toEqual([documents[i].chunks[0].chunkId]);
    expect(await reader.search(s.assistant, 'catalogue', 20)).toHaveLength(words.length);

    await db.sql.query(`DELETE FROM knowledge_documents WHERE id = $1`, [documents[0].id]);
    expect(ids(await reader.search(s.assistant, 'catalogue', 20)).sort()).toEqual(
      documents
        .slice(1)
        .map((d) => d.chunks[0].chunkId)
        .sort(),
    );
    expect(await reader.search(s.assistant, 'apple', 5)).toEqual([]);
  });

  it("shares one check of the documents with the vector leg's cache, and asks for no stems where there is nothing to search", async () => {
    const counted = recordingSql(db.sql);
    const fingerprints = new KnowledgeFingerprints(counted);
    const texts = new CachedBm25TextIndex(db.prisma, counted, { fingerprints });
    const vectors = new CachedVectorIndex(db.prisma, counted, { fingerprints });
    const s = await seed(db.sql);
    const checks = () => counted.texts().filter((sql) => sql.includes('hashtext')).length;
    const stems = () => counted.texts().filter((sql) => sql.includes('to_tsvector')).length;

    // No ready document yet: one check for both legs, and no stems asked for.
    await Promise.all([texts.search(s.assistant, 'warranty', 5), vectors.search(s.assistant, 'm', [1, 0], 5)]);
    expect([checks(), stems()]).toEqual([1, 0]);

    const { chunks } = await s.document(['The warranty covers repairs for two years.']);
    await new PostgresTextIndex(db.prisma).index(chunks);
    const [hits] = await Promise.all([texts.search(s.assistant, 'warranty', 5), vectors.search(s.assistant, 'm', [1, 0], 5)]);
    expect(ids(hits)).toEqual([chunks[0].chunkId]);
    expect([checks(), stems()]).toEqual([2, 1]);
    // Nothing is kept once answered: the next search checks again, and sees a change at once.
    await db.sql.query(`DELETE FROM knowledge_documents WHERE assistant_id = $1`, [s.assistant]);
    expect(await texts.search(s.assistant, 'warranty', 5)).toEqual([]);
    expect(checks()).toBe(3);
  });

  it('does not keep a document forgotten while it was being read, and reads it again next time', async () => {
    const s = await seed(db.sql);
    const { id } = await s.document(['Old text of the handbook.']);
    const cache = new DocumentCache<{ bytes: number; text: string }>(db.sql, 1_000_000);
    let release: () => void = () => undefined;
    let reads = 0;
    const loader = {
      load: async () => {
        reads++;
        if (reads === 1) await new Promise<void>((resolve) => (release = resolve));
        return { bytes: 10, text: reads === 1 ? 'old' : 'new' };
      },
      loadTogether: async () => new Map(),
      estimate: () => 10,
      batchChunks: 1,
    };
    const first = cache.get(s.assistant, 'k', loader, { wait: true });
    while (reads === 0) await new Promise((resolve) => setImmediate(resolve));
    // This process rewrites the document's rows while the first read is still in flight.
    cache.forgetDocument(id);
    release();
    expect((await first)?.parts).toEqual([]);
    expect((await cache.get(s.assistant, 'k', loader, { wait: true }))?.parts.map((p) => p.text)).toEqual(['new']);
    expect(reads).toBe(2);
  });

  it('keeps its postings in a file between starts: the next start reads only what changed, and the file forgets deleted documents', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bm25-cache-'));
    const writer = new PostgresTextIndex(db.prisma);
    const s = await seed(db.sql);
    const kept = await s.document(['The warranty covers repairs for two years.', 'Returns are accepted within thirty days.']);
    const changed = await s.document(['The old travel policy.']);
    const deleted = await s.document(['Hovercraft fares are reimbursed.']);
    await writer.index([...kept.chunks, ...changed.chunks, ...deleted.chunks]);
    const first = new CachedBm25TextIndex(db.prisma, db.sql, { snapshots: new CacheSnapshots(dir) });
    expect(ids(await first.search(s.assistant, 'hovercraft', 5))).toEqual([deleted.chunks[0].chunkId]);
    await first.close();
    const files = async () => Promise.all((await readdir(dir)).map((name) => join(dir, name)));
    const [file] = await files();
    expect((await files()).length).toBe(1);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file)).includes('hovercraft')).toBe(true);

    // While it was stopped: one document re-indexed with new words, one deleted.
    await setStatus(db.sql, changed.id, 'processing');
    await db.sql.query(`UPDATE chunks SET text = 'The new travel policy covers zeppelins.' WHERE id = $1`, [changed.chunks[0].chunkId]);
    await writer.index(changed.chunks);
    await setStatus(db.sql, changed.id, 'ready');
    await db.sql.query(`DELETE FROM knowledge_documents WHERE id = $1`, [deleted.id]);

    const counted = recordingSql(db.sql);
    // The documents each read asked for (one, or several together).
    const reads = () => counted.statements.filter((s) => s.text.includes('search_vector::text')).map((s) => s.params![0]);
    const second = new CachedBm25TextIndex(db.prisma, counted, { snapshots: new CacheSnapshots(dir) });
    expect(ids(await second.search(s.assistant, 'zeppelin', 5))).toEqual([changed.chunks[0].chunkId]);
    expect(await second.search(s.assistant, 'hovercraft', 5)).toEqual([]);
    expect(reads()).toEqual([changed.id]);
    // Ranked as by an index that read everything from the database.
    const fresh = new CachedBm25TextIndex(db.prisma, db.sql);
    for (const query of ['travel policy', 'warranty returns days', 'zeppelin repairs']) {
      expect(await second.search(s.assistant, query, 5)).toEqual(await fresh.search(s.assistant, query, 5));
    }
    await second.close();
    expect((await readFile(file)).includes('hovercraft')).toBe(false);
    expect((await readFile(file)).includes('zeppelin')).toBe(true);
  });

  it('restores from its file a document with nothing to search (no stems), without reading the database', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bm25-cache-'));
    const s = await seed(db.sql);
    const words = await s.document(['The warranty covers repairs for two years.']);
    // Ready, with a chunk whose words were never indexed: an empty part.
    await s.document(['Not indexed.']);
    await new PostgresTextIndex(db.prisma).index(words.chunks);
    const first = new CachedBm25TextIndex(db.prisma, db.sql, { snapshots: new CacheSnapshots(dir) });
    expect(ids(await first.search(s.assistant, 'warranty', 5))).toEqual([words.chunks[0].chunkId]);
    await first.close();
    const counted = recordingSql(db.sql);
    const second = new CachedBm25TextIndex(db.prisma, counted, { snapshots: new CacheSnapshots(dir) });
    expect(ids(await second.search(s.assistant, 'warranty', 5))).toEqual([words.chunks[0].chunkId]);
    expect(counted.texts().filter((text) => text.includes('search_vector::text'))).toEqual([]);
  });

  it('reads the database again when its file is damaged, and writes a good one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bm25-cache-'));
    const s = await seed(db.sql);
    const doc = await s.document(['The warranty covers repairs for two years.']);
    await new PostgresTextIndex(db.prisma).index(doc.chunks);
    const first = new CachedBm25TextIndex(db.prisma, db.sql, { snapshots: new CacheSnapshots(dir) });
    await first.search(s.assistant, 'warranty', 5);
    await first.close();
    const [name] = await readdir(dir);
    const bytes = await readFile(join(dir, name));
    await writeFile(join(dir, name), bytes.subarray(0, bytes.length - 7));
    const second = new CachedBm25TextIndex(db.prisma, db.sql, { snapshots: new CacheSnapshots(dir) });
    expect(ids(await second.search(s.assistant, 'warranty', 5))).toEqual([doc.chunks[0].chunkId]);
    await second.close();
    expect(await readFile(join(dir, name))).toEqual(bytes);
  });

  it('searches with ts_rank in SQL while a big assistant is read in the background, then by BM25 from the cache', async () => {
    const counted = recordingSql(db.sql);
    const index = new CachedBm25TextIndex(db.prisma, counted, { fillInBackgroundOver: 2 });
    const s = await seed(db.sql);
    const doc = await s.document(['The warranty covers repairs for two years.', 'Returns within thirty days.', 'Trains and hotels.']);
    await new PostgresTextIndex(db.prisma).index(doc.chunks);
    const first = await index.search(s.assistant, 'warranty repairs', 5);
    expect(ids(first)).toEqual([doc.chunks[0].chunkId]);
    expect(first.engine).toBe('memory-bm25 filling: ts_rank');
    expect(counted.texts().some((text) => text.includes('search_vector::text'))).toBe(true);
    expect(counted.texts().some((text) => text.includes('lexeme'))).toBe(false);
    expect(await index.warm(s.assistant)).toBe(true);
    counted.statements.length = 0;
    expect(ids(await index.search(s.assistant, 'warranty repairs', 5))).toEqual([doc.chunks[0].chunkId]);
    expect(counted.texts().some((text) => text.includes('lexeme'))).toBe(true);
  });

  it('searches with ts_rank in SQL when an assistant does not fit its memory bound', async () => {
    const s = await seed(db.sql);
    const { chunks } = await s.document(['Parental leave is sixteen weeks.', 'Sick leave needs a note after three days.', 'Remote work needs approval.']);
    const small = new CachedBm25TextIndex(db.prisma, db.sql, { maxBytes: 100 });
    await small.index(chunks);
    const hits = await small.search(s.assistant, 'leave', 10);
    expect(small.cachedBytes).toBe(0);
    expect([...hits]).toEqual(await new PostgresTextIndex(db.prisma).search(s.assistant, 'leave', 10));
    expect(hits.engine).toBe('memory-bm25 over its bound: ts_rank');
    expect(ids(hits).sort()).toEqual([chunks[0].chunkId, chunks[1].chunkId].sort());
  });

  it('reads the tsvector text form, quotes and positions included', async () => {
    const [{ text }] = await db.sql.query<{ text: string }>(`SELECT to_tsvector('simple', $1)::text AS text`, [`it's o'clock, it's late it's`]);
    expect(new Map(parseTsvector(text))).toEqual(
      new Map([
        ['it', 3],
        ['s', 3],
        ['o', 1],
        ['clock', 1],
        ['late', 1],
      ]),
    );
    expect(parseTsvector(`'a''b':1,2 'c\\\\d' 'e'`)).toEqual([
      ["a'b", 2],
      ['c\\d', 1],
      ['e', 1],
    ]);
  });
});
