import type { DocumentStore } from './document-store';
import type { MessageStore } from './message-store';
import type { TaskStore } from './task-store';

/** The owners of tasks, messages and documents: no other code writes those tables. */
export interface Stores {
  readonly tasks: TaskStore;
  readonly messages: MessageStore;
  readonly documents: DocumentStore;
}

export interface TransactionOptions {
  /** How long to wait for a connection to start the transaction, in ms. */
  maxWait?: number;
  /** How long the transaction may run, in ms. */
  timeout?: number;
}

/**
 * The stores, and one transaction over several of them: `work` gets stores bound to it and `tx`,
 * the database client of the same transaction, for the caller's statements on other tables
 * (locks, counters). Everything commits together or not at all.
 */
export interface TransactionalStores<Tx, Sql = unknown> extends Stores {
  transaction<T>(work: (stores: Stores, tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * The same on the stores' own SQL connection, without Prisma's engine: for the chat turn's hot
   * path. `sql` runs the caller's statements on other tables in it. Only store methods written in
   * SQL may be called in it (the others throw rather than run outside the transaction).
   */
  sqlTransaction<T>(work: (stores: Stores, sql: Sql) => Promise<T>): Promise<T>;
}
