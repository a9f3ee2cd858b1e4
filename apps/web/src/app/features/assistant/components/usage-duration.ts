/** 840 ms, 3.1 s: a duration as the key of its unit (`ms` or `seconds`) and the number; null for none. */
export function duration(ms: number | null): { unit: 'ms' | 'seconds'; n: number } | null {
  if (ms === null) return null;
  return ms < 1000 ? { unit: 'ms', n: Math.round(ms) } : { unit: 'seconds', n: Math.round(ms / 100) / 10 };
}
