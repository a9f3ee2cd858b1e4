import { PerUserSlots } from './per-user-slots';

describe('PerUserSlots', () => {
  it('gives each person up to `limit` slots, independently of others', () => {
    const slots = new PerUserSlots(2);
    const a1 = slots.tryAcquire('a');
    const a2 = slots.tryAcquire('a');
    expect(a1).not.toBeNull();
    expect(a2).not.toBeNull();
    expect(slots.tryAcquire('a')).toBeNull();
    expect(slots.tryAcquire('b')).not.toBeNull();
    expect(slots.held('a')).toBe(2);
  });

  it('frees a slot once, however often it is released', () => {
    const slots = new PerUserSlots(1);
    const release = slots.tryAcquire('a')!;
    release();
    release();
    expect(slots.held('a')).toBe(0);
    const again = slots.tryAcquire('a');
    expect(again).not.toBeNull();
    release();
    expect(slots.held('a')).toBe(1);
    expect(slots.tryAcquire('a')).toBeNull();
  });

  it('refuses a limit below one', () => {
    expect(() => new PerUserSlots(0)).toThrow(RangeError);
  });
});
