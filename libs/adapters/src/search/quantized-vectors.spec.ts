import { QuantizedVectors } from './quantized-vectors';
import { arrayLength, decodeArray, float4ArrayBinary } from './database-vector-index';

let seed = 5;
const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 1) / 2 ** 31) * 2 - 1;
const randomVector = (n: number) => Array.from({ length: n }, random);
const cosine = (a: number[], b: number[]) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) [dot, na, nb] = [dot + a[i] * b[i], na + a[i] * a[i], nb + b[i] * b[i]];
  return dot / Math.sqrt(na * nb);
};

describe('QuantizedVectors', () => {
  const n = 3000;
  const d = 64;
  const rows = Array.from({ length: n }, () => randomVector(d));
  const set = new QuantizedVectors(d, n);
  rows.forEach((row) => set.add(row));
  const exact = (query: number[], k: number) =>
    rows
      .map((row, i) => ({ row: i, score: cosine(row, query) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, k);

  it('scores every row by cosine within int8 precision when told to scan them all', () => {
    for (let q = 0; q < 5; q++) {
      const query = randomVector(d);
      const hits = set.nearest(query, 20);
      const truth = exact(query, 20);
      expect(hits).toHaveLength(20);
      expect(hits.filter((h) => truth.some((t) => t.row === h.row)).length).toBeGreaterThanOrEqual(18);
      for (const hit of hits) expect(Math.abs(hit.score - cosine(rows[hit.row], query))).toBeLessThan(0.01);
      for (let i = 1; i < hits.length; i++) expect(hits[i].score).toBeLessThanOrEqual(hits[i - 1].score);
    }
  });

  it('keeps most of the exact top 10 when the signs choose the candidates, and finds a stored vector itself', () => {
    let found = 0;
    for (let q = 0; q < 20; q++) {
      const query = randomVector(d);
      const truth = new Set(exact(query, 10).map((t) => t.row));
      found += set.nearest(query, 10, 600).filter((h) => truth.has(h.row)).length;
    }
    // Random vectors are the hard case for sign bits (real embeddings cluster); a fifth of the rows rescored.
    expect(found / 200).toBeGreaterThan(0.8);
    expect(set.nearest(rows[1234], 1, 100)[0].row).toBe(1234);
  });

  it('copies rows into a packed set, and leaves zero and mis-sized queries without hits', () => {
    const packed = new QuantizedVectors(d, n + 1);
    packed.add(new Array(d).fill(0));
    packed.append(set);
    expect(packed.size).toBe(n + 1);
    expect(packed.nearest(rows[7], 1)[0].row).toBe(8);
    expect(packed.nearest(new Array(d).fill(0), 5)).toEqual([]);
    expect(packed.nearest(randomVector(d - 1), 5)).toEqual([]);
    expect(() => set.add(randomVector(d))).toThrow(/full/);
  });

  it('reads PostgreSQL binary float4 arrays, nulls as 0', () => {
    const words: Buffer[] = [1, 1, 700, 3, 1].map((v) => int32(v));
    // 0.5, null (a length of -1 and no bytes), 3
    words.push(int32(4), float32(0.5), int32(-1), int32(4), float32(3));
    expect([...decodeArray(Buffer.concat(words), 3)]).toEqual([0.5, 0, 3]);
  });

  it('writes the binary format it reads (float4 precision), with the length and shape PostgreSQL expects', () => {
    const vector = [0.1, -0.25, 1e-8, 3.5, 0];
    const bytes = float4ArrayBinary(vector);
    expect(bytes.subarray(0, 20)).toEqual(Buffer.concat([1, 0, 700, 5, 1].map((v) => int32(v))));
    expect(arrayLength(bytes)).toBe(5);
    expect([...decodeArray(bytes, 5)]).toEqual(vector.map(Math.fround));
    expect(arrayLength(Buffer.alloc(8))).toBe(-1);
  });
});

function int32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v);
  return b;
}

function float32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeFloatBE(v);
  return b;
}
