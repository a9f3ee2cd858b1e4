import { HashingEmbedder } from './hashing-embedder';

/** Where the non-zero components are, and their first digits. */
const fingerprint = (v: number[]) => v.flatMap((x, i) => (x === 0 ? [] : [[i, Math.round(x * 1000)]])).slice(0, 6);
const PINNED = [
  [118, 224],
  [120, 224],
  [123, -224],
  [126, 447],
  [162, -224],
  [164, -224],
];

const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);

describe('HashingEmbedder', () => {
  const embedder = new HashingEmbedder();

  it('makes deterministic unit vectors of the configured size', async () => {
    const [a, b] = await embedder.embed(['Refunds take 14 days.', 'Refunds take 14 days.']);
    expect(embedder).toMatchObject({ dimensions: 384, model: 'hashing-v1-384' });
    expect(a).toHaveLength(384);
    expect(a).toEqual(b);
    expect(Math.hypot(...a)).toBeCloseTo(1, 10);
    expect(new HashingEmbedder(64).vector('x')).toHaveLength(64);
    // Stable across releases: stored vectors must stay comparable with new ones.
    expect(fingerprint(embedder.vector('Refund policy'))).toEqual(PINNED);
  });

  it('puts texts sharing words (or word fragments) closer than unrelated ones', () => {
    const q = embedder.vector('How long do refunds take?');
    const related = embedder.vector('A refund takes up to 14 days.');
    const unrelated = embedder.vector('Our offices are in Berlin and Lyon.');
    expect(cosine(q, related)).toBeGreaterThan(cosine(q, unrelated) + 0.1);
    expect(cosine(embedder.vector('REFUNDS'), embedder.vector('refunds'))).toBeCloseTo(1, 10);
  });

  it('gives the zero vector for text without words, and honours an aborted signal', async () => {
    expect(embedder.vector('  ?! ').every((x) => x === 0)).toBe(true);
    const controller = new AbortController();
    controller.abort();
    await expect(embedder.embed(['x'], controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
