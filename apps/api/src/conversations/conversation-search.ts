import type { SnippetPart } from '@assistants/common';
import { Prisma } from '@assistants/db';

/** What marks the found words in ts_headline's output: private-use characters, removed from the text first. */
const START = '\uE000';
const STOP = '\uE001';
/** The most of one text ts_headline reads (it parses the whole text it is given). */
const HEADLINE_TEXT_LIMIT = 20_000;
/** The longest snippet returned, in characters. */
const SNIPPET_LIMIT = 300;

export interface ConversationSearchFilter {
  userId: string;
  status: string;
  assistantId?: string;
  tag?: string;
  search: string;
}

/** The text search configurations a search is stemmed in; each has GIN indexes on the exact expressions below. */
const CONFIGS = ['english', 'russian'] as const;
export type SearchConfig = (typeof CONFIGS)[number];

type Db = { $queryRaw<T>(query: Prisma.Sql): Promise<T> };

/**
 * The configurations in which the search has a word an index can look up. Stop-words only (`the`, `OR`),
 * punctuation or only negations (`-foo`) leave none: such a query would match nothing, or, negated,
 * nearly every message, which no index can narrow, so that configuration is left out of the search.
 */
export async function searchableConfigs(db: Db, search: string): Promise<SearchConfig[]> {
  const [row] = await db.$queryRaw<Record<SearchConfig, boolean>[]>(Prisma.sql`SELECT
    querytree(websearch_to_tsquery('english'::regconfig, ${search})) NOT IN ('', 'T') AS english,
    querytree(websearch_to_tsquery('russian'::regconfig, ${search})) NOT IN ('', 'T') AS russian`);
  return CONFIGS.filter((config) => row?.[config]);
}

/**
 * Full text over a column, a match in any of the configurations (websearch_to_tsquery takes any input, so
 * quotes, `%`, `*` or SQL in it are only words). Written as the indexes' expressions, so the planner can
 * answer it from them instead of computing to_tsvector for every row. The search travels bound.
 */
function matches(column: Prisma.Sql, search: string, configs: SearchConfig[]): Prisma.Sql {
  const one = (config: SearchConfig) =>
    config === 'english'
      ? Prisma.sql`to_tsvector('english'::regconfig, ${column}) @@ websearch_to_tsquery('english'::regconfig, ${search})`
      : Prisma.sql`to_tsvector('russian'::regconfig, ${column}) @@ websearch_to_tsquery('russian'::regconfig, ${search})`;
  return Prisma.sql`(${Prisma.join(configs.map(one), ' OR ')})`;
}

/** The caller's conversations the filter keeps, before any text matching. */
function ownedBy(f: ConversationSearchFilter): Prisma.Sql {
  return Prisma.sql`c.user_id = ${f.userId}::uuid AND c.status = ${f.status}::"ConversationStatus"
      ${f.assistantId ? Prisma.sql`AND c.assistant_id = ${f.assistantId}::uuid` : Prisma.empty}
      ${f.tag ? Prisma.sql`AND ${f.tag} = ANY(c.tags)` : Prisma.empty}`;
}

export interface SearchHit {
  id: string;
  headline: string;
}

/** The list's order (conversations.service.ts `list`), on the conversation table aliased `alias`. */
const order = (alias: 'c' | 'p') => Prisma.raw(`${alias}.pinned_at DESC NULLS LAST, ${alias}.updated_at DESC, ${alias}.id ASC`);

/**
 * One page of matching conversation ids (pinned first, then newest activity, as the list) with their
 * headlines, and the total, in one statement. Title matches and message matches are found apart (a UNION,
 * not an OR across the join) so each side can come from its GIN index; the latest matching message of each
 * conversation is kept by id, and its content read and headlined only for the page's rows.
 */
export function searchStatement(f: ConversationSearchFilter, configs: SearchConfig[], page: { limit: number; offset: number }): Prisma.Sql {
  const text = Prisma.sql`translate(left(coalesce(m.content, p.title), ${HEADLINE_TEXT_LIMIT}), ${START + STOP}, '')`;
  const query = Prisma.sql`(${Prisma.join(
    configs.map((config) => Prisma.sql`websearch_to_tsquery(${config}::regconfig, ${f.search})`),
    ' || ',
  )})`;
  const options = `StartSel=${START}, StopSel=${STOP}, MaxWords=30, MinWords=12, ShortWord=2`;
  return Prisma.sql`
    WITH by_message AS (
      SELECT DISTINCT ON (m.conversation_id) m.conversation_id AS id, m.id AS message_id
      FROM messages m JOIN conversations c ON c.id = m.conversation_id
      WHERE ${ownedBy(f)} AND m.role IN ('user', 'assistant') AND ${matches(Prisma.sql`m.content`, f.search, configs)}
      ORDER BY m.conversation_id, m.created_at DESC, m.id
    ),
    matched AS (
      SELECT id FROM by_message
      UNION
      SELECT c.id FROM conversations c WHERE ${ownedBy(f)} AND ${matches(Prisma.sql`c.title`, f.search, configs)}
    ),
    counted AS (SELECT count(*)::int AS total FROM matched),
    page AS (
      SELECT c.id, c.title, c.pinned_at, c.updated_at FROM conversations c JOIN matched USING (id)
      ORDER BY ${order('c')} LIMIT ${page.limit} OFFSET ${page.offset}
    )
    SELECT counted.total, p.id, ts_headline('russian'::regconfig, ${text}, ${query}, ${options}) AS headline
    FROM counted
    LEFT JOIN page p ON true
    LEFT JOIN by_message b ON b.id = p.id
    LEFT JOIN messages m ON m.id = b.message_id
    ORDER BY ${order('p')}`;
}

/** One page of the search (see searchStatement) and the total; nothing to look up matches nothing. */
export async function searchConversations(
  db: Db,
  f: ConversationSearchFilter,
  page: { limit: number; offset: number },
): Promise<{ hits: SearchHit[]; total: number }> {
  const configs = await searchableConfigs(db, f.search);
  if (configs.length === 0) return { hits: [], total: 0 };
  const rows = await db.$queryRaw<{ total: number; id: string | null; headline: string | null }[]>(searchStatement(f, configs, page));
  const hits = rows.flatMap((r) => (r.id === null ? [] : [{ id: r.id, headline: r.headline ?? '' }]));
  return { hits, total: rows[0]?.total ?? 0 };
}

/** ts_headline's output as plain-text parts, whitespace collapsed, at most SNIPPET_LIMIT characters. */
export function toSnippet(headline: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let left = SNIPPET_LIMIT;
  for (const [i, piece] of headline
    .replace(/\s+/g, ' ')
    .split(new RegExp(`[${START}${STOP}]`))
    .entries()) {
    if (!piece || left <= 0) continue;
    const text = piece.length > left ? `${piece.slice(0, left)}…` : piece;
    left -= piece.length;
    // The markers alternate: odd pieces are the found words.
    parts.push({ text, match: i % 2 === 1 });
  }
  return parts;
}
