import type { ViewKeys } from './views/keys';

/** The query of a list with offset paging; the API's defaults when left out: limit 20, offset 0. */
export interface PageQuery {
  limit?: number;
  offset?: number;
}

/** A page of a list with offset paging: assistants, templates, conversations, users. */
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export const PAGE_KEYS: ViewKeys<Page<unknown>> = { items: 'required', total: 'required', limit: 'required', offset: 'required' };

/** A page of a list that grows while it is read (messages): cursor paging. */
export interface CursorPage<T> {
  items: T[];
  /** Pass as `cursor` to get the next page; null when there is none. */
  nextCursor: string | null;
}

export const CURSOR_PAGE_KEYS: ViewKeys<CursorPage<unknown>> = { items: 'required', nextCursor: 'required' };
