import { Prisma } from '@assistants/db';
import { randomUUID } from 'node:crypto';
import { searchableConfigs, searchConversations, searchStatement } from '../../apps/api/src/conversations/conversation-search';
import { useScratchDatabase } from '../support/test-database';

const CONVERSATIONS = 1_000;
const MESSAGES_EACH = 20;
/** Every this many conversations one message, and every that many one title (never the same ones), has the rare word. */
const RARE_MESSAGE_EVERY = 100;
const RARE_TITLE_EVERY = 250;

/** A user with tens of thousands of messages (the case the GIN indexes are for), in plain SQL for speed. */
async function seedHeavyUser(sql: { query(text: string, params?: unknown[]): Promise<unknown> }) {
  const [user, other, assistant] = [randomUUID(), randomUUID(), randomUUID()];
  for (const id of [user, other]) await sql.query(`INSERT INTO users (id, email, name, updated_at) VALUES ($1, $2, 'u', now())`, [id, `${id}@t.test`]);
  await sql.query(`INSERT INTO assistants (id, name, llm_model, owner_id, updated_at) VALUES ($1, 'a', 'm', $2, now())`, [assistant, user]);
  await sql.query(
    `INSERT INTO conversations (id, assistant_id, user_id, title, updated_at)
     SELECT gen_random_uuid(), $1, $2, CASE WHEN i % ${RARE_TITLE_EVERY} = 0 THEN 'Zeppelin trip ' ELSE 'Weekly notes ' END || i,
            now() - make_interval(mins => i)
     FROM generate_series(1, ${CONVERSATIONS}) AS i`,
    [assistant, user],
  );
  // Varied words (md5 pieces) so the statistics see a realistic spread; the rare word in a few messages only.
  await sql.query(
    `INSERT INTO messages (id, conversation_id, role, content, updated_at)
     SELECT gen_random_uuid(), c.id, CASE WHEN j % 2 = 0 THEN 'user' ELSE 'assistant' END::"MessageRole",
            'Budget review for the quarter ' || md5(c.id::text || j) || ' ' || md5(j::text) ||
            CASE WHEN j = 1 AND row_number % ${RARE_MESSAGE_EVERY} = 1 THEN ' the zeppelins were late' ELSE '' END,
            now()
     FROM (SELECT id, row_number() OVER (ORDER BY updated_at DESC) AS row_number FROM conversations WHERE user_id = $1) c,
          generate_series(1, ${MESSAGES_EACH}) AS j`,
    [user],
  );
  // Another user's message with the word: never counted for the first.
  await sql.query(`INSERT INTO conversations (id, assistant_id, user_id, title, updated_at) VALUES ($1, $2, $3, 'Zeppelin', now())`, [
    randomUUID(),
    assistant,
    other,
  ]);
  await sql.query(`ANALYZE conversations`);
  await sql.query(`ANALYZE messages`);
  return { user, other };
}

describe('conversation search on a user with tens of thousands of messages', () => {
  const db = useScratchDatabase();
  let user: string;

  beforeAll(async () => {
    ({ user } = await seedHeavyUser(db.sql));
  }, 120_000);

  const filter = (search: string) => ({ userId: user, status: 'active', search });

  it('answers from the GIN indexes on the exact expressions, not by computing to_tsvector for every message', async () => {
    const statement = searchStatement(filter('zeppelin'), ['english', 'russian'], { limit: 20, offset: 0 });
    const plan = (await db.prisma.$queryRaw<{ 'QUERY PLAN': string }[]>(Prisma.sql`EXPLAIN ${statement}`)).map((r) => r['QUERY PLAN']).join('\n');
    for (const index of [
      'messages_content_english_fts_idx',
      'messages_content_russian_fts_idx',
      'conversations_title_english_fts_idx',
      'conversations_title_russian_fts_idx',
    ]) {
      expect(plan).toContain(index);
    }
    expect(plan).not.toMatch(/Seq Scan on messages/);
  });

  it('finds every match, counts them all and pages them', async () => {
    const expected = CONVERSATIONS / RARE_MESSAGE_EVERY + CONVERSATIONS / RARE_TITLE_EVERY;
    const first = await searchConversations(db.prisma, filter('zeppelin'), { limit: 10, offset: 0 });
    const second = await searchConversations(db.prisma, filter('zeppelin'), { limit: 10, offset: 10 });
    expect(first.total).toBe(expected);
    expect(first.hits).toHaveLength(10);
    expect(second.hits).toHaveLength(expected - 10);
    expect(new Set([...first.hits, ...second.hits].map((h) => h.id)).size).toBe(expected);
    // A message match's headline is its message, with the word marked.
    expect(first.hits.some((h) => h.headline.includes('\uE000zeppelins\uE001'))).toBe(true);
  });

  it('looks up nothing for input without a word an index can find: stop-words, punctuation, only negations', async () => {
    // (Whether an emoji is a word depends on the database's locale: test/api/conversation-search only wants a 200 for it.)
    for (const search of ['the', 'OR', '-', '"', '-budget', '-budget -review']) {
      expect({ search, configs: await searchableConfigs(db.prisma, search) }).toEqual({ search, configs: [] });
      expect(await searchConversations(db.prisma, filter(search), { limit: 20, offset: 0 })).toEqual({ hits: [], total: 0 });
    }
    // «и» is a Russian stop-word but an English word: the Russian side, only a negation here, is left out.
    expect(await searchableConfigs(db.prisma, '-budget и')).toEqual(['english']);
    expect(await searchableConfigs(db.prisma, 'budget -review')).toEqual(['english', 'russian']);
    expect((await searchConversations(db.prisma, filter('budget -review'), { limit: 20, offset: 0 })).total).toBe(0);
  });
});
