import type { Prisma, PrismaClient } from '@assistants/db';
import type { Stores, TransactionalStores, TransactionOptions } from '@assistants/domain';
import { PostgresDocumentStore, type SqlQuery } from './document-store';
import { PostgresMessageStore } from './message-store';
import { PostgresTaskStore } from './task-store';

function storesOver(db: Prisma.TransactionClient, sql: SqlQuery): Stores {
  return { tasks: new PostgresTaskStore(db, sql), messages: new PostgresMessageStore(db), documents: new PostgresDocumentStore(db, sql) };
}

/**
 * The task, message and document stores over one PostgreSQL database (embedded or a server):
 * `prisma` for rows, `sql` (the database's own connection) for the bulk statements of ingest.
 */
export class PostgresStores implements TransactionalStores<Prisma.TransactionClient> {
  readonly tasks: PostgresTaskStore;
  readonly messages: PostgresMessageStore;
  readonly documents: PostgresDocumentStore;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly sql: SqlQuery,
  ) {
    this.tasks = new PostgresTaskStore(prisma, sql);
    this.messages = new PostgresMessageStore(prisma);
    this.documents = new PostgresDocumentStore(prisma, sql);
  }

  /** An interactive Prisma transaction; the statements on `sql` (uploads, chunks, a batch's progress) stay outside it. */
  transaction<T>(work: (stores: Stores, tx: Prisma.TransactionClient) => Promise<T>, options?: TransactionOptions): Promise<T> {
    return this.prisma.$transaction((tx) => work(storesOver(tx, this.sql), tx), options);
  }
}
