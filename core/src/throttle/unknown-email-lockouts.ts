import type { Instant } from '../model/types.js';
import { isLocked } from '../policies/lockout.js';
import { RecentMap } from '../runtime/recent-map.js';

/** What is remembered of one unknown email: as a user's login state, but in memory. */
interface Entry {
  failedLoginCount: number;
  lockedUntil: Instant | null;
}

/**
 * The login state of emails that have no user, kept so that they lock exactly as a user's would: an
 * attacker must not tell an address with an account from one without by the 423 that only the first
 * gets. Keyed by a hash of the normalised email (never the email itself); at most `maxKeys` are kept, the
 * least recently tried forgotten first. One process only, like {@link MemoryLoginThrottle}.
 *
 * Its methods mirror the storage operations a real user's attempt goes through (`clearEndedLock`,
 * `incrementFailedLogins`, a lock recorded only when none is in force).
 */
export class UnknownEmailLockouts {
  private readonly entries: RecentMap<string, Entry>;

  constructor(maxKeys = 100_000) {
    if (!(maxKeys >= 1)) throw new RangeError('UnknownEmailLockouts: maxKeys must be positive');
    this.entries = new RecentMap(maxKeys);
  }

  /** Counts an attempt (after clearing a lock that has ended); answers its number and the lock read before it. */
  attempt(key: string, now: Date, counted: boolean): { attempt: number; lockedUntil: Instant | null } {
    const entry = this.touch(key);
    if (entry.lockedUntil !== null && !isLocked(entry.lockedUntil, now)) {
      entry.lockedUntil = null;
      entry.failedLoginCount = 0;
    }
    const lockedUntil = entry.lockedUntil;
    if (!counted) return { attempt: 0, lockedUntil };
    entry.failedLoginCount++;
    return { attempt: entry.failedLoginCount, lockedUntil };
  }

  /** Records a lock unless one is in force at `now`. */
  lock(key: string, lockedUntil: Instant, attempt: number, now: Date): void {
    const entry = this.touch(key);
    if (isLocked(entry.lockedUntil, now)) return;
    entry.lockedUntil = lockedUntil;
    entry.failedLoginCount = Math.max(attempt, entry.failedLoginCount);
  }

  /** The entry of `key`, moved to the most recently used end; the oldest beyond `maxKeys` are dropped. */
  private touch(key: string): Entry {
    const entry = this.entries.get(key) ?? { failedLoginCount: 0, lockedUntil: null };
    this.entries.remember(key, entry);
    return entry;
  }
}
