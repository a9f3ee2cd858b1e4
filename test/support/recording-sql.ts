import type { SqlQuery } from '@assistants/adapters';

/** The database's connection, recording each statement (its text and parameters) before it runs. */
export function recordingSql(sql: SqlQuery): SqlQuery & { statements: { text: string; params?: unknown[] }[]; texts(): string[] } {
  const statements: { text: string; params?: unknown[] }[] = [];
  return {
    statements,
    texts: () => statements.map((s) => s.text),
    query: <R>(text: string, params?: unknown[]) => {
      statements.push({ text, params });
      return sql.query<R>(text, params);
    },
  };
}
