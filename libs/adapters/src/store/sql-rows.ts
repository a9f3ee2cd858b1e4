/** A statement on one row by its id found none: the row is gone, as Prisma's update of a missing row says (P2025). */
export class RowMissingError extends Error {
  override name = 'RowMissingError';
  constructor(what: string, id: string) {
    super(`No ${what} has id ${id}: it was removed.`);
  }
}

/** The row a statement on one row by its id answered (RETURNING or a read); throws when there was none. */
export function updatedOne<T>(row: T | undefined, what: string, id: string): T {
  if (row === undefined) throw new RowMissingError(what, id);
  return row;
}
