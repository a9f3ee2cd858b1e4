import { loadConfig } from '@assistants/config';
import { createSearchStack } from '@assistants/runtime';
import { randomUUID } from 'node:crypto';
import { useScratchDatabase } from '../support/test-database';

describe('the search stack configuration builds', () => {
  const db = useScratchDatabase();
  const config = (env: Record<string, string> = {}) => loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(32), ...env });

  it('caches BM25 and vectors in the process by default, and uses the engines when configured', async () => {
    const stack = createSearchStack(config(), db.prisma, () => undefined, { warmUp: false, database: db });
    try {
      expect([stack.texts.engine, stack.vectors.engine]).toEqual(['memory-bm25', 'memory']);
      const engines = createSearchStack(config({ OPENSEARCH_URL: 'http://127.0.0.1:9', QDRANT_URL: 'http://127.0.0.1:9' }), db.prisma, () => undefined, {
        warmUp: false,
        database: db,
      });
      expect([engines.texts.engine, engines.vectors.engine]).toEqual(['opensearch', 'qdrant']);
      await engines.close();
      // A search on the default stack answers (empty: nothing is stored yet).
      expect(await stack.texts.search(randomUUID(), 'running', 5)).toEqual([]);
      expect(await stack.vectors.search(randomUUID(), 'm', [1, 0, 0], 5)).toEqual([]);
    } finally {
      await stack.close();
    }
  });
});
