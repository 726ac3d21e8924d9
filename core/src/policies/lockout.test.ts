import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOCKED_UNTIL_UNLOCKED } from '../model/security.js';
import { ManualClock } from '../testing/manual-clock.js';
import { isLocked, lockEndsAt, lockoutAfterFailure, lockoutBeforeAttempt, shownLockedUntil } from './lockout.js';

const five = { maxFailedAttempts: 5, lockMinutes: 15 };
const unlocked = { lockedUntil: null };

describe('lockout: after a failed login', () => {
  it('does not lock before the fifth consecutive failure', () => {
    const clock = new ManualClock('2026-03-01T10:00:00.000Z');
    for (let n = 1; n < 5; n++)
      expect(lockoutAfterFailure(five, n, clock.now())).toEqual({ locked: false, lockedUntil: null, reasons: [] });
  });

  it('locks the account after the fifth failure, for lockMinutes', () => {
    const clock = new ManualClock('2026-03-01T10:00:00.000Z');
    expect(lockoutAfterFailure(five, 5, clock.now())).toEqual({
      locked: true,
      lockedUntil: '2026-03-01T10:15:00.000Z',
      reasons: ['limit_reached'],
    });
  });

  it('locks until unlocked when lockMinutes is null', () => {
    const d = lockoutAfterFailure({ maxFailedAttempts: 3, lockMinutes: null }, 3, new ManualClock().now());
    expect(d.lockedUntil).toBe(LOCKED_UNTIL_UNLOCKED);
    expect(shownLockedUntil(d.lockedUntil!)).toBeNull();
  });

  it('never locks when lockout is off', () => {
    expect(lockoutAfterFailure({ maxFailedAttempts: null, lockMinutes: 15 }, 1000, new ManualClock().now()).locked).toBe(false);
  });
});

describe('lockout: before the password is judged', () => {
  it('refuses while a recorded lock lasts and lets the user try once it has ended', () => {
    const clock = new ManualClock('2026-03-01T10:00:00.000Z');
    const user = { lockedUntil: lockEndsAt(five, clock.now()) };
    expect(lockoutBeforeAttempt(five, user, 1, clock.now())).toMatchObject({
      locked: true,
      reasons: ['locked'],
      lockedUntil: user.lockedUntil,
    });
    clock.advance(15 * 60_000 - 1);
    expect(lockoutBeforeAttempt(five, user, 1, clock.now()).locked).toBe(true);
    clock.advance(1);
    expect(lockoutBeforeAttempt(five, user, 1, clock.now()).locked).toBe(false);
  });

  it('never ends a lock until unlocked, however much time passes', () => {
    const clock = new ManualClock('2026-03-01T10:00:00.000Z');
    const user = { lockedUntil: LOCKED_UNTIL_UNLOCKED };
    clock.advance(50 * 365 * 86_400_000);
    expect(lockoutBeforeAttempt(five, user, 1, clock.now())).toMatchObject({ locked: true, reasons: ['locked'] });
    expect(isLocked(LOCKED_UNTIL_UNLOCKED, clock.now())).toBe(true);
  });

  it('refuses an attempt numbered past the limit even before any lock is recorded', () => {
    const now = new ManualClock('2026-03-01T10:00:00.000Z').now();
    expect(lockoutBeforeAttempt(five, unlocked, 5, now).locked).toBe(false);
    expect(lockoutBeforeAttempt(five, unlocked, 6, now)).toEqual({
      locked: true,
      lockedUntil: '2026-03-01T10:15:00.000Z',
      reasons: ['too_many_attempts'],
    });
  });

  it('judges at most maxFailedAttempts of any number of concurrent attempts (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 20 }), fc.integer({ min: 1, max: 200 }), (max, concurrent) => {
        const now = new Date('2026-03-01T10:00:00.000Z');
        const lockout = { maxFailedAttempts: max, lockMinutes: 5 };
        // Storage hands out the distinct counts 1..concurrent; every one is a wrong password.
        const judged = Array.from({ length: concurrent }, (_, i) => i + 1).filter(
          (n) => !lockoutBeforeAttempt(lockout, unlocked, n, now).locked,
        );
        expect(judged.length).toBe(Math.min(max, concurrent));
        const lockedByOne = judged.some((n) => lockoutAfterFailure(lockout, n, now).locked);
        expect(lockedByOne).toBe(concurrent >= max);
      }),
    );
  });
});
