/**
 * Byte-pair encoding of one piece with a tiktoken rank table: the same merges as js-tiktoken's
 * own (lowest rank first, the leftmost of equal ones), so the same tokens. js-tiktoken ranks every
 * pair again after each merge, building a string key per pair; this keeps each pair's rank and
 * looks up only the two pairs a merge changes. Finding the lowest rank still scans the parts,
 * so the work is quadratic in the piece's bytes: callers hand it bounded slices only.
 */
export class BytePairEncoder {
  /** `ranks`: token id by its bytes written as decimals joined with "," (js-tiktoken's key format). */
  constructor(private readonly ranks: ReadonlyMap<string, number>) {}

  /** The token ids of one piece, given as its UTF-8 bytes. */
  encode(bytes: Uint8Array): number[] {
    const whole = this.rank(bytes, 0, bytes.length);
    if (whole !== undefined) return [whole];
    // starts[i] is where part i begins (the last entry is the end); pairRanks[i] ranks parts i and i+1 merged.
    const starts = Array.from({ length: bytes.length + 1 }, (_, i) => i);
    const pairRanks = Array.from({ length: bytes.length - 1 }, (_, i) => this.rank(bytes, i, i + 2) ?? Infinity);
    for (;;) {
      let lowest = Infinity;
      let at = -1;
      for (let i = 0; i < pairRanks.length; i++) {
        if (pairRanks[i] < lowest) {
          lowest = pairRanks[i];
          at = i;
        }
      }
      if (at < 0) break;
      starts.splice(at + 1, 1);
      pairRanks.splice(at, 1);
      if (at > 0) pairRanks[at - 1] = this.rank(bytes, starts[at - 1], starts[at + 1]) ?? Infinity;
      if (at < pairRanks.length) pairRanks[at] = this.rank(bytes, starts[at], starts[at + 2]) ?? Infinity;
    }
    const tokens: number[] = [];
    for (let i = 0; i + 1 < starts.length; i++) tokens.push(this.rank(bytes, starts[i], starts[i + 1])!);
    return tokens;
  }

  private rank(bytes: Uint8Array, from: number, to: number): number | undefined {
    let key = String(bytes[from]);
    for (let i = from + 1; i < to; i++) key += ',' + bytes[i];
    return this.ranks.get(key);
  }
}
