import type { PasswordReuse } from '../model/security.js';
import type { Instant } from '../model/types.js';
import { addCalendarMonths } from './password-expiry.js';

/**
 * Password reuse: a new password may not be one of the user's last N, or one they used in the last M
 * months. History keeps hashes only, so the service verifies the new password against the candidates
 * this module picks, then asks {@link reuseDecision}. Pure functions.
 */

/** How many earlier passwords are kept per user: enough for `lastN` (at most 8), and a bound on the
 * verifications one change costs in `months` mode. */
export const PASSWORD_HISTORY_KEEP = 24;

export interface UsedPassword {
  readonly passwordHash: string;
  readonly setAt: Instant;
}

/**
 * The user's passwords, newest first, with the current one at the front even when history lacks it
 * (users created before history was kept).
 */
export const withCurrentPassword = (
  history: readonly UsedPassword[],
  current: { readonly passwordHash: string; readonly passwordChangedAt: Instant },
): UsedPassword[] =>
  history.some((h) => h.passwordHash === current.passwordHash)
    ? [...history]
    : [{ passwordHash: current.passwordHash, setAt: current.passwordChangedAt }, ...history];

/**
 * The earlier passwords a new one must differ from. `history` is newest first and includes the current
 * password. `lastN`: the newest N. `months`: every password that was in use at some moment of the last M
 * months — those set since the cutoff, and the one that was current at the cutoff.
 */
export const reuseCandidates = (reuse: PasswordReuse, history: readonly UsedPassword[], now: Date): UsedPassword[] => {
  if (reuse.mode === 'off') return [];
  if (reuse.mode === 'lastN') return history.slice(0, reuse.value);
  const cutoff = addCalendarMonths(now, -reuse.value).toISOString();
  const since = history.filter((h) => h.setAt >= cutoff);
  const before = history.find((h) => h.setAt < cutoff);
  return before ? [...since, before] : since;
};

export interface ReuseDecision {
  readonly allowed: boolean;
  readonly reasons: readonly 'recently_used'[];
}

/** Given which candidates the new password matched (`matches(hash)`), whether it may be used. */
export const reuseDecision = (candidates: readonly UsedPassword[], matches: (passwordHash: string) => boolean): ReuseDecision =>
  candidates.some((c) => matches(c.passwordHash)) ? { allowed: false, reasons: ['recently_used'] } : { allowed: true, reasons: [] };
