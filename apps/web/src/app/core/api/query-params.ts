import { HttpParams } from '@angular/common/http';

type QueryValue = string | number | boolean | undefined;

/**
 * A query typed by its interface in @assistants/common (ListTemplatesQuery, UsageQuery, ...) as
 * HttpParams, in the order of its keys. Undefined and empty values are left out: the API then
 * applies its default, as it does for a parameter never sent.
 */
export function queryParams<T extends { [K in keyof T]: QueryValue }>(query: T): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query) as [string, QueryValue][]) {
    if (value !== undefined && value !== '') params = params.set(key, value);
  }
  return params;
}
