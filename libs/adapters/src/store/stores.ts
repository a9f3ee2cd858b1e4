import type { Prisma, PrismaClient, SqlRunner } from '@assistants/db';
import type { Stores, TransactionalStores, TransactionOptions } from '@assistants/domain';
import type { SecretBox } from '../secrets/secret-box';
import { PostgresAssistantToolStore } from './assistant-tool-store';
import { PostgresDocumentStore, type SqlQuery } from './document-store';
import { PostgresMessageStore } from './message-store';
import { PostgresTaskStore } from './task-store';
import { PostgresToolServerStore, type ToolStoreOptions } from './tool-server-store';

/** The stores' SQL inside a Prisma transaction, so that it commits (or not) with it. */
function inPrismaTransaction(tx: Prisma.TransactionClient): SqlQuery {
  return { query: <T>(sql: string, params: unknown[] = []) => tx.$queryRawUnsafe<T[]>(sql, ...params) };
}

/** Prisma inside a SQL transaction: a store method still written with Prisma would run outside it, so it fails instead. */
const NO_PRISMA_HERE = new Proxy({} as Prisma.TransactionClient, {
  get(_, key) {
    throw new Error(`Prisma (${String(key)}) is not part of a SQL transaction: call this store method in stores.transaction.`);
  },
});

/**
 * `db` and `rows` are one connection (the tasks' and messages' statements, Prisma's and SQL, commit
 * together); `bulk`, the database's own connection, stays outside any transaction (uploads, chunks).
 */
function storesOver(db: Prisma.TransactionClient, rows: SqlQuery, bulk: SqlQuery): Stores {
  return { tasks: new PostgresTaskStore(db, rows), messages: new PostgresMessageStore(db, rows), documents: new PostgresDocumentStore(db, bulk) };
}

/**
 * The task, message and document stores over one PostgreSQL database (embedded or a server):
 * `prisma` for rows, `sql` (the database's own connection) for the chat turn's statements and the
 * bulk statements of ingest.
 */
export class PostgresStores implements TransactionalStores<Prisma.TransactionClient, SqlQuery> {
  readonly tasks: PostgresTaskStore;
  readonly messages: PostgresMessageStore;
  readonly documents: PostgresDocumentStore;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly sql: SqlRunner,
  ) {
    this.tasks = new PostgresTaskStore(prisma, sql);
    this.messages = new PostgresMessageStore(prisma, sql);
    this.documents = new PostgresDocumentStore(prisma, sql);
  }

  /** An interactive Prisma transaction; the statements on `sql` (uploads, chunks) stay outside it. */
  transaction<T>(work: (stores: Stores, tx: Prisma.TransactionClient) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.prisma.$transaction((tx) => work(storesOver(tx, inPrismaTransaction(tx), this.sql), tx), options);
  }

  /** A transaction on the database's own connection (see TransactionalStores.sqlTransaction). */
  sqlTransaction<T>(work: (stores: Stores, sql: SqlQuery) => Promise<T>): Promise<T> {
    return this.sql.transaction((tx) => work(storesOver(NO_PRISMA_HERE, tx, this.sql), tx));
  }
}

/** The stores of tool servers and of assistants' tools; `secrets` seals the servers' header and environment values. */
export function createToolStores(
  prisma: PrismaClient,
  secrets: SecretBox,
  options: ToolStoreOptions,
): { toolServers: PostgresToolServerStore; assistantTools: PostgresAssistantToolStore } {
  return { toolServers: new PostgresToolServerStore(prisma, secrets, options), assistantTools: new PostgresAssistantToolStore(prisma, options) };
}
