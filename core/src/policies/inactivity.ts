import type { Instant } from '../model/types.js';
import type { User } from '../model/user.js';

/**
 * Inactive users: a non-owner user who has not signed in for `inactivityDays` days is deactivated.
 * Activity is the last login, or, when later, the user's creation or last change by an owner or admin
 * (so a reactivated user gets a full period before the sweep takes them again). Pure functions.
 */

export type InactivityReason =
  | 'inactive'
  /** The owner is never deactivated. */
  | 'owner_exempt'
  | 'already_deactivated'
  | 'not_enabled';

export interface InactivityDecision {
  readonly inactive: boolean;
  /** The user's last activity. */
  readonly lastActiveAt: Instant;
  /** When the user becomes inactive; null when the rule does not apply to them. */
  readonly deadline: Instant | null;
  readonly reasons: readonly InactivityReason[];
}

const DAY_MS = 86_400_000;

export const lastActivity = (u: Pick<User, 'lastLoginAt' | 'createdAt' | 'updatedAt'>): Instant =>
  [u.lastLoginAt ?? u.createdAt, u.createdAt, u.updatedAt].reduce((a, b) => (b > a ? b : a));

export const inactivityDecision = (
  inactivityDays: number | null,
  user: Pick<User, 'role' | 'status' | 'lastLoginAt' | 'createdAt' | 'updatedAt'>,
  now: Date,
): InactivityDecision => {
  const lastActiveAt = lastActivity(user);
  const skip = (reason: InactivityReason): InactivityDecision => ({ inactive: false, lastActiveAt, deadline: null, reasons: [reason] });
  if (inactivityDays === null) return skip('not_enabled');
  if (user.role === 'owner') return skip('owner_exempt');
  if (user.status !== 'active') return skip('already_deactivated');
  const deadline = new Date(new Date(lastActiveAt).getTime() + inactivityDays * DAY_MS).toISOString();
  const inactive = deadline <= now.toISOString();
  return { inactive, lastActiveAt, deadline, reasons: inactive ? ['inactive'] : [] };
};
