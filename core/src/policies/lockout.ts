import { LOCKED_UNTIL_UNLOCKED, type SecuritySettings } from '../model/security.js';
import type { Instant } from '../model/types.js';

/**
 * Account lockout: after `maxFailedAttempts` consecutive failed logins the user is locked, for
 * `lockMinutes` or until an owner or admin unlocks them. Pure functions of (settings, user state, now).
 *
 * The count of an attempt comes from storage's atomic `incrementFailedLogins`, taken *before* the
 * password is judged, so that concurrent attempts each get a distinct number: however many arrive at
 * once, no more than `maxFailedAttempts` of them are judged before the lock.
 */

export type LockoutSettings = SecuritySettings['lockout'];

export type LockoutReason =
  /** A lock recorded earlier is still in force. */
  | 'locked'
  /** This attempt is past the limit (others in flight got there first). */
  | 'too_many_attempts'
  /** This failure reached the limit. */
  | 'limit_reached';

export interface LockoutDecision {
  readonly locked: boolean;
  /** As stored: an instant, or {@link LOCKED_UNTIL_UNLOCKED}; null when not locked. */
  readonly lockedUntil: Instant | null;
  readonly reasons: readonly LockoutReason[];
}

const open: LockoutDecision = { locked: false, lockedUntil: null, reasons: [] };

/** Whether a stored `lockedUntil` still locks the user at `now`. */
export const isLocked = (lockedUntil: Instant | null, now: Date): boolean => lockedUntil !== null && lockedUntil > now.toISOString();

/** When a lock that starts now ends, as stored. */
export const lockEndsAt = (lockout: LockoutSettings, now: Date): Instant =>
  lockout.lockMinutes === null ? LOCKED_UNTIL_UNLOCKED : new Date(now.getTime() + lockout.lockMinutes * 60_000).toISOString();

/** `lockedUntil` as the API shows it: null for "until unlocked". */
export const shownLockedUntil = (stored: Instant): Instant | null => (stored === LOCKED_UNTIL_UNLOCKED ? null : stored);

/**
 * Before the password is judged: is the user locked, or is this attempt (the `attempt`-th consecutive
 * one, as counted by storage) past the limit?
 */
export const lockoutBeforeAttempt = (
  lockout: LockoutSettings,
  user: { readonly lockedUntil: Instant | null },
  attempt: number,
  now: Date,
): LockoutDecision => {
  if (isLocked(user.lockedUntil, now)) return { locked: true, lockedUntil: user.lockedUntil, reasons: ['locked'] };
  if (lockout.maxFailedAttempts !== null && attempt > lockout.maxFailedAttempts)
    return { locked: true, lockedUntil: lockEndsAt(lockout, now), reasons: ['too_many_attempts'] };
  return open;
};

/** After a wrong password, `failures` being the consecutive failures so far: lock now or not. */
export const lockoutAfterFailure = (lockout: LockoutSettings, failures: number, now: Date): LockoutDecision =>
  lockout.maxFailedAttempts !== null && failures >= lockout.maxFailedAttempts
    ? { locked: true, lockedUntil: lockEndsAt(lockout, now), reasons: ['limit_reached'] }
    : open;
