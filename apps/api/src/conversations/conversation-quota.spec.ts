import { secondsToNextUtcDay } from './conversation-quota';

describe('secondsToNextUtcDay', () => {
  it('counts to the next midnight UTC, whatever the local time zone', () => {
    expect(secondsToNextUtcDay(new Date('2026-03-01T00:00:00.000Z'))).toBe(86_400);
    expect(secondsToNextUtcDay(new Date('2026-03-01T23:00:00.000Z'))).toBe(3600);
    expect(secondsToNextUtcDay(new Date('2026-12-31T23:59:59.500Z'))).toBe(1);
  });
});
