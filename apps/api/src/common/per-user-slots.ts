/**
 * How many of something each person has open at once (uploads, PDF exports), counted in this
 * process. `tryAcquire` answers at once, never waits: a caller over the limit is told so before
 * anything is read or queued for them.
 */
export class PerUserSlots {
  private readonly open = new Map<string, number>();

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }

  /** Held by this user now. */
  held(userId: string): number {
    return this.open.get(userId) ?? 0;
  }

  /** A slot, as a release function that may be called any number of times; null when the user holds `limit` already. */
  tryAcquire(userId: string): (() => void) | null {
    const held = this.held(userId);
    if (held >= this.limit) return null;
    this.open.set(userId, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = this.held(userId) - 1;
      if (left > 0) this.open.set(userId, left);
      else this.open.delete(userId);
    };
  }
}
