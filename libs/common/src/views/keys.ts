/** Dates travel as ISO 8601 strings (what `Date.prototype.toJSON` gives), so views declare them as such. */
export type IsoDateTime = string;

/**
 * Every key of a view, marked as always present or only sometimes. Declared beside each view as an
 * object of this type, so the compiler rejects a list that misses a key or names one the view lacks,
 * and tests compare real responses against it: a view and its list cannot drift apart unnoticed.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{} extends Pick<T, K>` holds exactly when K is optional
export type ViewKeys<T> = { readonly [K in keyof T]-?: {} extends Pick<T, K> ? 'optional' : 'required' };

/** The keys a view always has. */
export function requiredKeys<T>(keys: ViewKeys<T>): (keyof T & string)[] {
  return (Object.keys(keys) as (keyof T & string)[]).filter((key) => keys[key] === 'required');
}
