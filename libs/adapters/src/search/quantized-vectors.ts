/** A set's arrays: the signs, a word per 32 dimensions; the int8 codes; a scale per vector. */
export interface QuantizedArrays {
  bits: Int32Array;
  codes: Int8Array;
  scales: Float32Array;
}

/**
 * Vectors of one assistant and model packed for a fast scan in this process: each vector as its
 * signs (one bit a dimension, compared by Hamming distance) and as int8 codes with a scale (for
 * the cosine of the candidates the signs pick). About D/8 + D + 4 bytes a vector: 436 for 384
 * dimensions, against 1,536 as float32. Vectors are L2-normalised first, so a dot product is a cosine.
 */
export class QuantizedVectors {
  readonly words: number;
  private readonly bits: Int32Array;
  private readonly codes: Int8Array;
  private readonly scales: Float32Array;
  private count = 0;

  /** Room for `capacity` vectors; or, with `arrays`, a full set over them (as `arrays` gave them). */
  constructor(
    readonly dimensions: number,
    readonly capacity: number,
    arrays?: QuantizedArrays,
  ) {
    this.words = Math.ceil(dimensions / 32);
    if (arrays) {
      if (arrays.bits.length !== capacity * this.words || arrays.codes.length !== capacity * dimensions || arrays.scales.length !== capacity) {
        throw new Error(`arrays of another size than ${capacity} vectors of ${dimensions} dimensions`);
      }
      ({ bits: this.bits, codes: this.codes, scales: this.scales } = arrays);
      this.count = capacity;
    } else {
      this.bits = new Int32Array(capacity * this.words);
      this.codes = new Int8Array(capacity * dimensions);
      this.scales = new Float32Array(capacity);
    }
  }

  /** The rows held, as views (no copy): to write them elsewhere and make them a set again. */
  get arrays(): QuantizedArrays {
    const n = this.count;
    return { bits: this.bits.subarray(0, n * this.words), codes: this.codes.subarray(0, n * this.dimensions), scales: this.scales.subarray(0, n) };
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held (the arrays; ids are the caller's). */
  get bytes(): number {
    return this.bits.byteLength + this.codes.byteLength + this.scales.byteLength;
  }

  /** Appends a vector (any scale; a zero vector stays zero and scores 0). Returns its row. */
  add(vector: ArrayLike<number>): number {
    if (vector.length !== this.dimensions) throw new Error(`expected ${this.dimensions} dimensions, got ${vector.length}`);
    if (this.count >= this.capacity) throw new Error('QuantizedVectors is full');
    const row = this.count++;
    let norm = 0;
    let max = 0;
    for (let j = 0; j < this.dimensions; j++) {
      norm += vector[j] * vector[j];
      max = Math.max(max, Math.abs(vector[j]));
    }
    if (norm === 0) return row;
    norm = Math.sqrt(norm);
    // Codes use the full int8 range of this vector; scale turns them back into the unit vector's values.
    const step = max / norm / 127;
    this.scales[row] = step;
    const o = row * this.dimensions;
    const w = row * this.words;
    for (let j = 0; j < this.dimensions; j++) {
      const x = vector[j] / norm;
      this.codes[o + j] = Math.round(x / step);
      if (x > 0) this.bits[w + (j >> 5)] |= 1 << (j & 31);
    }
    return row;
  }

  /** Copies rows `from`..`to`-1 of another set (same dimensions) to the end of this one. */
  append(other: QuantizedVectors, from = 0, to = other.size): void {
    const n = to - from;
    if (this.count + n > this.capacity) throw new Error('QuantizedVectors is full');
    this.bits.set(other.bits.subarray(from * this.words, to * this.words), this.count * this.words);
    this.codes.set(other.codes.subarray(from * this.dimensions, to * this.dimensions), this.count * this.dimensions);
    this.scales.set(other.scales.subarray(from, to), this.count);
    this.count += n;
  }

  /**
   * The `limit` rows nearest `query` by cosine, best first. With `rescore` below the row count, the
   * signs choose that many candidates first (Hamming distance, a few ms for 100k rows) and only they
   * are scored; otherwise every row is. Scores are the int8 cosine (within ~0.01 of the exact one).
   */
  nearest(query: ArrayLike<number>, limit: number, rescore = Infinity): { row: number; score: number }[] {
    const n = this.count;
    if (n === 0 || limit <= 0 || query.length !== this.dimensions) return [];
    const probe = new QuantizedVectors(this.dimensions, 1);
    probe.add(query);
    const qStep = probe.scales[0];
    if (qStep === 0) return [];
    const candidates = rescore < n ? this.bySigns(probe.bits, Math.max(rescore, limit)) : null;
    const rows = candidates ?? { length: n };
    const scored: { row: number; score: number }[] = [];
    const { codes, dimensions: d } = this;
    const q = probe.codes;
    let floor = -Infinity;
    for (let i = 0; i < rows.length; i++) {
      const row = candidates ? candidates[i] : i;
      const o = row * d;
      let s0 = 0;
      let s1 = 0;
      let j = 0;
      for (; j + 1 < d; j += 2) {
        s0 += codes[o + j] * q[j];
        s1 += codes[o + j + 1] * q[j + 1];
      }
      if (j < d) s0 += codes[o + j] * q[j];
      const score = (s0 + s1) * this.scales[row] * qStep;
      if (scored.length < limit || score > floor) {
        scored.push({ row, score });
        if (scored.length > limit * 4) floor = trim(scored, limit);
      }
    }
    trim(scored, limit);
    return scored;
  }

  /** The `count` rows whose signs differ least from the query's (ties at the cut: first rows win). */
  private bySigns(query: Int32Array, count: number): Int32Array {
    const n = this.count;
    const { bits, words } = this;
    const distances = new Uint16Array(n);
    const histogram = new Uint32Array(this.dimensions + 1);
    for (let row = 0, o = 0; row < n; row++, o += words) {
      let distance = 0;
      for (let j = 0; j < words; j++) distance += popcount(bits[o + j] ^ query[j]);
      distances[row] = distance;
      histogram[distance]++;
    }
    // The smallest distance `cut` such that rows at most that far number at least `count`.
    let cut = 0;
    let below = 0;
    while (below + histogram[cut] < count) below += histogram[cut++];
    let atCut = count - below;
    const chosen = new Int32Array(count);
    let k = 0;
    for (let row = 0; row < n && k < count; row++) {
      const distance = distances[row];
      if (distance < cut || (distance === cut && atCut-- > 0)) chosen[k++] = row;
    }
    return chosen;
  }
}

/** Sorts best first, keeps `limit`; returns the lowest kept score. */
function trim(scored: { row: number; score: number }[], limit: number): number {
  scored.sort((a, b) => b.score - a.score || a.row - b.row);
  scored.length = Math.min(scored.length, limit);
  return scored.length < limit ? -Infinity : scored[scored.length - 1].score;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
