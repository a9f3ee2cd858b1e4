export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface CursorPage<T> {
  items: T[];
  /** Pass as `cursor` to get the next page; null when there is none. */
  nextCursor: string | null;
}
