/** A JSON column of problem params as views have them: an object of strings and numbers, or null. */
export function storedParams(stored: unknown): Record<string, string | number> | null {
  if (!stored || typeof stored !== 'object' || Array.isArray(stored)) return null;
  return Object.fromEntries(Object.entries(stored).filter((entry): entry is [string, string | number] => ['string', 'number'].includes(typeof entry[1])));
}
