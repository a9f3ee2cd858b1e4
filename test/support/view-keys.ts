import { requiredKeys, type ViewKeys } from '@assistants/common';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Asserts a JSON object has exactly the keys its declared view lists: every required one, and none
 * the view does not declare. `label` names the object in the failure message.
 */
export function expectViewKeys<T>(body: unknown, keys: ViewKeys<T>, label: string): void {
  expect(body).toEqual(expect.any(Object));
  const actual = Object.keys(body as object);
  const declared: string[] = Object.keys(keys);
  const required: string[] = requiredKeys(keys);
  expect({ label, undeclared: actual.filter((k) => !declared.includes(k)), missing: required.filter((k) => !actual.includes(k)) }).toEqual({
    label,
    undeclared: [],
    missing: [],
  });
}

/** Dates travel as ISO 8601 strings in UTC; null where the view allows it. */
export function expectIsoDates(body: Record<string, unknown>, fields: string[], label: string): void {
  for (const field of fields) {
    const value = body[field];
    if (value !== null) expect({ label, field, value }).toEqual({ label, field, value: expect.stringMatching(ISO_DATE_TIME) });
  }
}
