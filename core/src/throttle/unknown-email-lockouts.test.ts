import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.js';
import { UnknownEmailLockouts } from './unknown-email-lockouts.js';

describe('UnknownEmailLockouts', () => {
  it('counts attempts per key, keeps a lock until it ends, then starts the count over', () => {
    const clock = new ManualClock('2026-01-01T00:00:00.000Z');
    const l = new UnknownEmailLockouts();
    expect(l.attempt('a', clock.now(), true)).toEqual({ attempt: 1, lockedUntil: null });
    expect(l.attempt('a', clock.now(), true)).toEqual({ attempt: 2, lockedUntil: null });
    expect(l.attempt('b', clock.now(), true)).toEqual({ attempt: 1, lockedUntil: null });
    l.lock('a', '2026-01-01T00:10:00.000Z', 2, clock.now());
    l.lock('a', '2026-01-01T00:20:00.000Z', 3, clock.now()); // a lock in force is kept
    expect(l.attempt('a', clock.now(), true)).toEqual({ attempt: 3, lockedUntil: '2026-01-01T00:10:00.000Z' });
    clock.advance(10 * 60_000);
    expect(l.attempt('a', clock.now(), true)).toEqual({ attempt: 1, lockedUntil: null });
  });

  it('counts nothing while lockout is off', () => {
    const l = new UnknownEmailLockouts();
    expect(l.attempt('a', new Date(), false)).toEqual({ attempt: 0, lockedUntil: null });
    expect(l.attempt('a', new Date(), false)).toEqual({ attempt: 0, lockedUntil: null });
  });

  it('forgets the least recently tried key beyond maxKeys', () => {
    const now = new Date();
    const l = new UnknownEmailLockouts(2);
    for (const k of ['a', 'b', 'a', 'c']) l.attempt(k, now, true);
    expect(l.attempt('a', now, true).attempt).toBe(3);
    expect(l.attempt('b', now, true).attempt).toBe(1); // forgotten when c came
  });
});
