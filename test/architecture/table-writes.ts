import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as ts from 'typescript';

/** The tables that have one owner, and the file of the store that owns each. */
export const TABLE_OWNERS: Record<string, string> = {
  tasks: 'libs/adapters/src/store/task-store.ts',
  messages: 'libs/adapters/src/store/message-store.ts',
  knowledge_documents: 'libs/adapters/src/store/document-store.ts',
  // A document's uploaded bytes and its chunks are made from it and go with it.
  document_content_parts: 'libs/adapters/src/store/document-store.ts',
  chunks: 'libs/adapters/src/store/document-store.ts',
  tool_servers: 'libs/adapters/src/store/tool-server-store.ts',
  assistant_tools: 'libs/adapters/src/store/assistant-tool-store.ts',
  tool_calls: 'libs/adapters/src/store/tool-call-store.ts',
  llm_providers: 'libs/adapters/src/store/llm-provider-store.ts',
  conversation_shares: 'libs/adapters/src/store/conversation-share-store.ts',
};

/**
 * Writes by a file other than the owner, allowed for a reason: not the table's rows but columns
 * derived from another table, kept by the adapter that owns the source (an index's words, the views
 * of an answer's tool calls).
 */
export const INDEX_COLUMNS: { table: string; file: string; why: string }[] = [
  {
    table: 'chunks',
    file: 'libs/adapters/src/search/postgres-text-index.ts',
    why: 'the PostgreSQL text index keeps its words (search_language, search_vector) on the chunk rows',
  },
  {
    table: 'messages',
    file: 'libs/adapters/src/store/tool-call-store.ts',
    why: 'the tool-call store keeps the views of an answer’s calls (tool_calls) on its message, in the statement that changes the calls',
  },
];

/** Prisma's model delegates of those tables. */
const DELEGATES: Record<string, string> = {
  task: 'tasks',
  message: 'messages',
  knowledgeDocument: 'knowledge_documents',
  documentContentPart: 'document_content_parts',
  chunk: 'chunks',
  toolServer: 'tool_servers',
  assistantTool: 'assistant_tools',
  llmProvider: 'llm_providers',
  conversationShare: 'conversation_shares',
};
const WRITE_METHODS = new Set(['create', 'createMany', 'createManyAndReturn', 'update', 'updateMany', 'updateManyAndReturn', 'upsert', 'delete', 'deleteMany']);
/** Relation fields through which Prisma writes rows of those tables from another model (nested writes). */
const RELATIONS: Record<string, string> = {
  messages: 'messages',
  documents: 'knowledge_documents',
  chunks: 'chunks',
  content: 'document_content_parts',
  toolServers: 'tool_servers',
  // An assistant's tools (a server's `tools` is a JSON column, never written through nested writes).
  tools: 'assistant_tools',
  // A conversation's share links.
  shares: 'conversation_shares',
};
const NESTED_WRITES = new Set([...WRITE_METHODS, 'connectOrCreate', 'set', 'disconnect']);
const SQL_WRITE =
  /\b(?:INSERT\s+INTO|UPDATE(?:\s+ONLY)?|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?|MERGE\s+INTO|COPY)\s+(?:"?public"?\s*\.\s*)?"?([a-z_][a-z0-9_]*)"?/gi;

export interface TableWrite {
  /** Relative to the scanned root, with forward slashes. */
  file: string;
  line: number;
  table: string;
  /** The statement or call, shortened. */
  what: string;
}

/** Every write of an owned table in one file's source: Prisma delegate calls, nested writes, and SQL in strings and templates. */
export function tableWritesIn(source: string, file: string): TableWrite[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const writes: TableWrite[] = [];
  const lineOf = (pos: number) => sf.getLineAndCharacterOfPosition(pos).line + 1;
  const add = (node: ts.Node, table: string, extraLines = 0) =>
    writes.push({ file, line: lineOf(node.getStart(sf)) + extraLines, table, what: node.getText(sf).replace(/\s+/g, ' ').slice(0, 120) });

  const visit = (node: ts.Node): void => {
    // tx.task.update(...), this.prisma.client.message.createMany(...), prisma['chunk'].deleteMany(...)
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && WRITE_METHODS.has(node.expression.name.text)) {
      const owner = node.expression.expression;
      const delegate = ts.isPropertyAccessExpression(owner)
        ? owner.name.text
        : ts.isElementAccessExpression(owner) && ts.isStringLiteralLike(owner.argumentExpression)
          ? owner.argumentExpression.text
          : null;
      if (delegate && DELEGATES[delegate]) add(node, DELEGATES[delegate]);
    }
    // data: { messages: { create: [...] } }
    if (ts.isPropertyAssignment(node) && RELATIONS[node.name.getText(sf)] && ts.isObjectLiteralExpression(node.initializer)) {
      const nested = node.initializer.properties.some((p) => p.name && NESTED_WRITES.has(p.name.getText(sf)));
      if (nested) add(node, RELATIONS[node.name.getText(sf)]);
    }
    // SQL in '...', "...", `...` and tagged templates ($executeRaw`...`), ${} parts left out.
    const text = ts.isStringLiteralLike(node)
      ? node.text
      : ts.isTemplateExpression(node)
        ? [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join('${}')
        : null;
    if (text !== null) {
      for (const match of text.matchAll(SQL_WRITE)) {
        const table = match[1].toLowerCase();
        if (TABLE_OWNERS[table]) add(node, table, text.slice(0, match.index).split('\n').length - 1);
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return writes;
}

const SCANNED = /\.(?:[cm]?ts|[cm]?js)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'generated', 'dist', '.angular']);

/** The source files below a folder, tests left out (they set up rows as they need). */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sources(path);
    return SCANNED.test(entry.name) && !/\.(?:e2e-)?spec\.[cm]?[jt]s$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every write of an owned table in the source below `root`'s folders. */
export function tableWrites(root: string, folders: string[]): TableWrite[] {
  return folders
    .flatMap((folder) => sources(join(root, folder)))
    .flatMap((path) => tableWritesIn(readFileSync(path, 'utf8'), relative(root, path).split(sep).join('/')));
}

/** The writes neither by the table's owner nor an allowed index. */
export function strayWrites(writes: TableWrite[]): TableWrite[] {
  return writes.filter((w) => w.file !== TABLE_OWNERS[w.table] && !INDEX_COLUMNS.some((allowed) => allowed.table === w.table && allowed.file === w.file));
}
