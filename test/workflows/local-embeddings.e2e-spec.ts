import { HashingEmbedder, LocalOnnxEmbedder, localModelPresent, DatabaseVectorIndex } from '@assistants/adapters';
import { resolve } from 'node:path';
import { registerUser, startTestApp } from '../support/api-app';
import { waitForTask } from '../support/chat-harness';

const MODEL_DIR = resolve(__dirname, '../../.cache/models/all-minilm-l6-v2-q');
const present = localModelPresent(MODEL_DIR);
if (!present) console.warn(`SKIPPED: local embedding model not in ${MODEL_DIR}; run node scripts/embedding-model.cjs --prefetch`);

(present ? describe : describe.skip)('the local embedding model in the app (embedded default)', () => {
  it('indexes with it, finds a passage by meaning, and never compares vectors of another model', async () => {
    const t = await startTestApp({ LLM_BASE_URL: '', EMBEDDING_BASE_URL: '', EMBEDDING_MODEL_DIR: MODEL_DIR });
    const embedder = new LocalOnnxEmbedder({ modelDir: MODEL_DIR, threads: 1 });
    try {
      expect(t.config.embeddings.provider).toBe('local');
      const user = await registerUser(t);
      const assistant = (await t.http().post('/api/assistants').set(user.auth).send({ name: 'Shop' }).expect(201)).body;
      const text = [
        'Refunds: any item can be returned within 30 days and the full price is reimbursed to your card.',
        'Delivery takes five business days; a tracking number is emailed once the parcel leaves.',
        'The Eiffel Tower was completed in 1889 for the World Fair.',
      ].join('\n\n');
      const upload = await t
        .http()
        .post(`/api/assistants/${assistant.id}/documents`)
        .set(user.auth)
        .attach('file', Buffer.from(text), { filename: 'shop.txt', contentType: 'text/plain' })
        .expect(202);
      expect((await waitForTask({ t }, { user }, upload.body.taskId)).status).toBe('done');

      const stored = await t.prisma.chunkVector.findMany({ where: { assistantId: assistant.id } });
      expect(stored.length).toBeGreaterThan(0);
      expect(stored.every((v) => v.model === 'all-minilm-l6-v2-q' && v.embedding.length === 384)).toBe(true);

      const index = new DatabaseVectorIndex(t.prisma, t.db.sql);
      // No word in common with the refund passage: only meaning can find it.
      const [query] = await embedder.embed(['How do I get my money back?']);
      const hits = await index.search(assistant.id, embedder.model, query, 3);
      const best = await t.prisma.chunk.findUniqueOrThrow({ where: { id: hits[0].chunkId } });
      expect(best.text).toContain('Refunds');

      // Vectors another model left behind (same size, other meaning) stay out of its searches.
      await t.prisma.chunkVector.updateMany({ where: { chunkId: hits[0].chunkId }, data: { model: new HashingEmbedder().model } });
      expect((await index.search(assistant.id, embedder.model, query, 3)).map((h) => h.chunkId)).not.toContain(hits[0].chunkId);
      expect((await index.search(assistant.id, 'hashing-v1-384', query, 3)).map((h) => h.chunkId)).toEqual([hits[0].chunkId]);
    } finally {
      await embedder.close();
      await t.close();
    }
  });
});
