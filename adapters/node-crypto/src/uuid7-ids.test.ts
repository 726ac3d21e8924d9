import { describe, expect, it } from 'vitest';
import { Uuid7Ids, uuid7Timestamp } from './uuid7-ids.js';

const UUID7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A clock whose time the test controls. */
function fakeClock(start: number) {
  let ms = start;
  return {
    clock: { now: () => new Date(ms) },
    set: (t: number) => {
      ms = t;
    },
  };
}

describe('Uuid7Ids', () => {
  it('makes lower-case hyphenated RFC 9562 version-7 UUIDs', () => {
    const ids = new Uuid7Ids();
    for (let i = 0; i < 1000; i++) expect(ids.next()).toMatch(UUID7);
  });

  it('encodes the clock time in the first 48 bits', () => {
    const t = Date.UTC(2026, 0, 31, 12, 0, 0, 123);
    const ids = new Uuid7Ids(fakeClock(t));
    const id = ids.next();
    expect(uuid7Timestamp(id)).toBe(t);
    expect(id.slice(0, 13)).toBe(`${t.toString(16).padStart(12, '0').slice(0, 8)}-${t.toString(16).padStart(12, '0').slice(8)}`);
  });

  it('uses the real time by default', () => {
    const before = Date.now();
    const id = new Uuid7Ids().next();
    expect(uuid7Timestamp(id)).toBeGreaterThanOrEqual(before);
    expect(uuid7Timestamp(id)).toBeLessThanOrEqual(Date.now());
  });

  it('is strictly increasing in string order over 100k ids', () => {
    const ids = new Uuid7Ids();
    let previous = ids.next();
    const seen = new Set([previous]);
    for (let i = 0; i < 100_000; i++) {
      const id = ids.next();
      if (!(id > previous)) expect.fail(`${id} is not after ${previous}`);
      seen.add(id);
      previous = id;
    }
    expect(seen.size).toBe(100_001);
    expect(previous).toMatch(UUID7);
  });

  it('stays monotonic for many ids in the same millisecond', () => {
    const t = 1_700_000_000_000;
    const ids = new Uuid7Ids(fakeClock(t));
    const made = Array.from({ length: 10_000 }, () => ids.next());
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
    expect(made.every((id) => uuid7Timestamp(id) === t)).toBe(true);
    expect(made.every((id) => UUID7.test(id))).toBe(true);
  });

  it('stays monotonic when the clock steps backwards', () => {
    const time = fakeClock(1_700_000_000_000);
    const ids = new Uuid7Ids(time);
    const first = ids.next();
    time.set(1_600_000_000_000);
    const second = ids.next();
    expect(second > first).toBe(true);
    expect(uuid7Timestamp(second)).toBe(1_700_000_000_000);
    time.set(1_700_000_000_001);
    const third = ids.next();
    expect(third > second).toBe(true);
    expect(uuid7Timestamp(third)).toBe(1_700_000_000_001);
  });

  it('borrows the next millisecond when the random bits would overflow', () => {
    const t = 1_700_000_000_000;
    // All-ones randomness: the first id has every random bit set, so the next cannot increment.
    const ids = new Uuid7Ids({ ...fakeClock(t), randomFill: (target) => target.fill(0xff) });
    const first = ids.next();
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7fff-bfff-ffffffffffff$/);
    const second = ids.next();
    expect(second).toMatch(UUID7);
    expect(second > first).toBe(true);
    expect(uuid7Timestamp(second)).toBe(t + 1);
  });

  it('reseeds the random bits each new millisecond', () => {
    const time = fakeClock(1_700_000_000_000);
    const ids = new Uuid7Ids(time);
    const a = ids.next();
    time.set(1_700_000_000_001);
    const b = ids.next();
    expect(b > a).toBe(true);
    expect(b.slice(14)).not.toBe(a.slice(14));
  });

  it('rejects a clock outside the 48-bit range', () => {
    expect(() => new Uuid7Ids(fakeClock(-1)).next()).toThrow(RangeError);
    expect(() => new Uuid7Ids({ clock: { now: () => new Date(Number.NaN) } }).next()).toThrow(RangeError);
  });
});
