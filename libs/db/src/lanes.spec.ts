import { scratchTarget } from '../../../test/support/test-database';
import { openDatabase } from './database';
import { DatabaseLanes, type LaneClock } from './lanes';

/** Time moves only when the test says so; sleepers wake in order. No real timings anywhere. */
class ManualClock implements LaneClock {
  time = 0;
  readonly sleeps: number[] = [];
  private sleepers: { until: number; wake: () => void }[] = [];

  now = () => this.time;

  sleep = (ms: number) => {
    this.sleeps.push(ms);
    return new Promise<void>((wake) => this.sleepers.push({ until: this.time + ms, wake }));
  };

  /** Moves time on, wakes whoever is due, and lets the woken code run. */
  async advance(ms: number): Promise<void> {
    await settle(); // whoever is about to sleep, sleeps first
    this.time += ms;
    const due = this.sleepers.filter((s) => s.until <= this.time);
    this.sleepers = this.sleepers.filter((s) => s.until > this.time);
    for (const sleeper of due) sleeper.wake();
    await settle();
  }
}

const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
};

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('DatabaseLanes', () => {
  it('sends work to the lane of its context: background inside inBackground (across awaits), foreground elsewhere', async () => {
    const lanes = new DatabaseLanes({ graceMs: 0, activeWindowMs: 0 });
    await lanes.run(async () => undefined);
    await lanes.inBackground(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      expect(lanes.isBackground).toBe(true);
      await lanes.run(async () => undefined);
      await lanes.run(async () => undefined);
    });
    expect(lanes.isBackground).toBe(false);
    expect(lanes.stats).toMatchObject({ foreground: 1, background: 2 });
  });

  it('starts a background statement only after the running foreground one ended and the grace time passed', async () => {
    const clock = new ManualClock();
    const lanes = new DatabaseLanes({ graceMs: 15, maxWaitMs: 1000, activeWindowMs: 0 }, clock);
    const events: string[] = [];
    const chat = deferred();
    const foreground = lanes.foreground(async () => {
      events.push('chat starts');
      await chat.promise;
      events.push('chat ends');
    });
    const background = lanes.background(async () => void events.push('ingest write'));
    await settle();
    await clock.advance(100);
    expect(events).toEqual(['chat starts']);
    chat.resolve();
    await foreground;
    await clock.advance(14);
    expect(events).toEqual(['chat starts', 'chat ends']);
    await clock.advance(20);
    await background;
    expect(events).toEqual(['chat starts', 'chat ends', 'ingest write']);
    expect(lanes.stats.backgroundWaits).toBe(1);
  });

  it('runs background statements one at a time, in order; a chat query issued meanwhile waits for none of the queued ones', async () => {
    const clock = new ManualClock();
    const lanes = new DatabaseLanes({ graceMs: 5, activeWindowMs: 0 }, clock);
    const events: string[] = [];
    let running = 0;
    const writes = Array.from({ length: 20 }, (_, i) =>
      lanes.background(async () => {
        running++;
        expect(running).toBe(1);
        events.push(`write ${i}`);
        await new Promise((resolve) => setImmediate(resolve));
        running--;
      }),
    );
    await clock.advance(0); // the first write's turn of the event loop
    await settle();
    await lanes.foreground(async () => void events.push('chat'));
    // However many writes are queued, the chat query came after at most those already started.
    const before = events.indexOf('chat');
    expect(before).toBeLessThanOrEqual(2);
    for (let i = 0; i < 40 && lanes.stats.background < 20; i++) await clock.advance(10);
    await Promise.all(writes);
    expect(events.filter((e) => e !== 'chat')).toEqual(Array.from({ length: 20 }, (_, i) => `write ${i}`));
  });

  it('while chat is active, rests after each background statement in proportion to its length (its share); with nobody about, it does not', async () => {
    const clock = new ManualClock();
    const lanes = new DatabaseLanes({ share: 0.25, graceMs: 0, activeWindowMs: 1000 }, clock);
    const write = () => lanes.background(async () => void (clock.time += 10)); // each write holds the database 10 ms
    await lanes.foreground(async () => undefined); // chat was just active
    const first = write();
    await clock.advance(0);
    await first;
    const second = write();
    await settle();
    // 10 ms of work at a 25% share: 30 ms of rest before the next statement.
    expect(clock.sleeps.at(-1)).toBe(30);
    await clock.advance(29);
    expect(lanes.stats.background).toBe(1);
    await clock.advance(1);
    await clock.advance(0);
    await second;
    expect(lanes.stats.background).toBe(2);

    await clock.advance(5000); // chat has been quiet for longer than the active window
    const sleepsBefore = clock.sleeps.length;
    const third = write();
    await clock.advance(0);
    await third;
    const fourth = write();
    await clock.advance(0);
    await fourth;
    expect(clock.sleeps.slice(sleepsBefore)).toEqual([0, 0]); // only a turn of the event loop each
  });

  it('never starves ingest: after maxWaitMs of busy foreground a background statement runs anyway', async () => {
    const clock = new ManualClock();
    const lanes = new DatabaseLanes({ graceMs: 15, maxWaitMs: 100 }, clock);
    const chat = deferred();
    const busy = lanes.foreground(() => chat.promise); // a foreground that never goes quiet
    let wrote = false;
    const write = lanes.background(async () => void (wrote = true));
    for (let i = 0; i < 9; i++) await clock.advance(10);
    expect(wrote).toBe(false);
    for (let i = 0; i < 3 && !wrote; i++) await clock.advance(10);
    await write;
    expect(wrote).toBe(true);
    expect(lanes.stats.backgroundForced).toBe(1);
    chat.resolve();
    await busy;
  });

  it('holds the foreground while a request is served, and lets go of a request that outlives maxMs', async () => {
    const clock = new ManualClock();
    const lanes = new DatabaseLanes({ graceMs: 5, maxWaitMs: 1000, activeWindowMs: 0 }, clock);
    const events: string[] = [];
    const release = lanes.holdForRequest();
    const first = lanes.background(async () => void events.push('first write'));
    await clock.advance(500);
    expect(events).toEqual([]); // the request is still being served
    release();
    release(); // 'finish' and 'close' both call it
    await clock.advance(10);
    await first;
    expect(events).toEqual(['first write']);

    lanes.holdForRequest(5); // a stream that is never released
    const second = lanes.background(async () => void events.push('second write'));
    await clock.advance(1);
    expect(events).toEqual(['first write']);
    await new Promise((resolve) => setTimeout(resolve, 30)); // its hold has expired
    await clock.advance(10);
    await second;
    expect(events).toEqual(['first write', 'second write']);
  });

  it('waits for a running foreground statement even with no grace time', async () => {
    const clock = new ManualClock();
    const lanes = new DatabaseLanes({ graceMs: 0, maxWaitMs: 1000, activeWindowMs: 0 }, clock);
    const events: string[] = [];
    const chat = deferred();
    const foreground = lanes.foreground(() => chat.promise);
    const background = lanes.background(async () => void events.push('ingest write'));
    await clock.advance(100);
    expect(events).toEqual([]);
    chat.resolve();
    await foreground;
    await clock.advance(1);
    await background;
    expect(events).toEqual(['ingest write']);
  });

  it('refuses a share outside (0, 1]', () => {
    expect(() => new DatabaseLanes({ share: 0 })).toThrow(RangeError);
    expect(() => new DatabaseLanes({ share: 1.5 })).toThrow(RangeError);
  });
});

describe('DatabaseLanes on PostgreSQL', () => {
  it('answers a chat-side query before a long run of ingest writes queued ahead of it', async () => {
    const scratch = await scratchTarget();
    const db = await openDatabase(scratch.target);
    try {
      await db.sql.query(`CREATE TABLE lane_probe (id serial PRIMARY KEY, body text)`);
      const done: string[] = [];
      // An ingest: 20 bulk inserts queued at once in the background lane (as concurrent batches would be).
      const writes = db.lanes.inBackground(() =>
        Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            db.sql.query(`INSERT INTO lane_probe (body) SELECT repeat('x', 1000) FROM generate_series(1, 100)`).then(() => done.push(`write ${i}`)),
          ),
        ),
      );
      await new Promise((resolve) => setImmediate(resolve));
      // A chat turn's query through Prisma (the same lanes): it waits for the write in progress at most.
      await db.prisma.$queryRawUnsafe('SELECT count(*) FROM lane_probe');
      done.push('chat');
      await writes;
      expect(done.indexOf('chat')).toBeLessThanOrEqual(1);
      expect(done).toHaveLength(21);
      const [{ count }] = await db.sql.query<{ count: string }>(`SELECT count(*)::text AS count FROM lane_probe`);
      expect(Number(count)).toBe(20 * 100);
      expect(db.lanes.stats.background).toBe(20);
    } finally {
      await db.close();
      await scratch.drop();
    }
  });
});
