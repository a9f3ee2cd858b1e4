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

/**
 * Full text over a conversation's title and its user and assistant messages, stemmed in English and in
 * Russian (either configuration matching is a match; websearch_to_tsquery takes any input, so quotes,
 * `%`, `*` or SQL in it are only words). The parameters travel bound, never spliced into the SQL.
 */
function matches(column: Prisma.Sql, search: string): Prisma.Sql {
  return Prisma.sql`(to_tsvector('english'::regconfig, ${column}) @@ websearch_to_tsquery('english'::regconfig, ${search})
    OR to_tsvector('russian'::regconfig, ${column}) @@ websearch_to_tsquery('russian'::regconfig, ${search}))`;
}

function fromWhere(f: ConversationSearchFilter): Prisma.Sql {
  return Prisma.sql`
    FROM conversations c
    LEFT JOIN LATERAL (
      SELECT m.content FROM messages m
      WHERE m.conversation_id = c.id AND m.role IN ('user', 'assistant') AND ${matches(Prisma.sql`m.content`, f.search)}
      ORDER BY m.created_at DESC, m.id LIMIT 1
    ) hit ON true
    WHERE c.user_id = ${f.userId}::uuid AND c.status::text = ${f.status}
      ${f.assistantId ? Prisma.sql`AND c.assistant_id = ${f.assistantId}::uuid` : Prisma.empty}
      ${f.tag ? Prisma.sql`AND ${f.tag} = ANY(c.tags)` : Prisma.empty}
      AND (${matches(Prisma.sql`c.title`, f.search)} OR hit.content IS NOT NULL)`;
}

export interface SearchHit {
  id: string;
  headline: string;
}

/** One page of matching conversation ids (pinned first, then newest activity) with their headlines, and the total. */
export async function searchConversations(
  db: { $queryRaw<T>(query: Prisma.Sql): Promise<T> },
  f: ConversationSearchFilter,
  page: { limit: number; offset: number },
): Promise<{ hits: SearchHit[]; total: number }> {
  const text = Prisma.sql`translate(left(coalesce(hit.content, c.title), ${HEADLINE_TEXT_LIMIT}), ${START + STOP}, '')`;
  const query = Prisma.sql`(websearch_to_tsquery('english'::regconfig, ${f.search}) || websearch_to_tsquery('russian'::regconfig, ${f.search}))`;
  const options = `StartSel=${START}, StopSel=${STOP}, MaxWords=30, MinWords=12, ShortWord=2`;
  const [hits, [count]] = await Promise.all([
    db.$queryRaw<SearchHit[]>(Prisma.sql`
      SELECT c.id, ts_headline('russian'::regconfig, ${text}, ${query}, ${options}) AS headline
      ${fromWhere(f)}
      ORDER BY c.pinned_at DESC NULLS LAST, c.updated_at DESC, c.id ASC
      LIMIT ${page.limit} OFFSET ${page.offset}`),
    db.$queryRaw<{ total: number }[]>(Prisma.sql`SELECT count(*)::int AS total ${fromWhere(f)}`),
  ]);
  return { hits, total: count?.total ?? 0 };
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
