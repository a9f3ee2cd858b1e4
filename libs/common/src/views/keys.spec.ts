import { requiredKeys, type ViewKeys } from './keys';

interface Sample {
  id: string;
  note: string | null;
  extra?: number;
}

// The @ts-expect-error lines are the compile-time half of this test: `npm run lint` fails if
// a key list that misses a key, names an unknown one, or calls an optional key required compiles.
describe('view key lists', () => {
  it('must name every key of the view, each with whether it is always present', () => {
    const keys: ViewKeys<Sample> = { id: 'required', note: 'required', extra: 'optional' };
    // @ts-expect-error a key of the view is missing
    const missing: ViewKeys<Sample> = { id: 'required', note: 'required' };
    // @ts-expect-error a key the view does not have
    const unknown: ViewKeys<Sample> = { id: 'required', note: 'required', extra: 'optional', other: 'required' };
    // @ts-expect-error an optional key marked as always present
    const wrong: ViewKeys<Sample> = { id: 'required', note: 'required', extra: 'required' };
    expect([missing, unknown, wrong]).toHaveLength(3);
    expect(requiredKeys(keys)).toEqual(['id', 'note']);
  });
});
