import type { SecuritySettings } from '../model/security.js';
import type { Instant } from '../model/types.js';

/**
 * Password expiry: a password expires `expiryMonths` calendar months after it was set, and every
 * password set before a requirement was raised (`passwordsExpiredAt`) has expired. Pure functions.
 */

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();

/**
 * `at` plus `months` calendar months in UTC, keeping the time of day; a day that the target month
 * lacks becomes its last day (31 January + 1 month = 28 or 29 February).
 */
export const addCalendarMonths = (at: Date | Instant, months: number): Date => {
  const d = new Date(at);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const day = Math.min(d.getUTCDate(), daysInMonth(year, month));
  const out = new Date(d.getTime());
  out.setUTCFullYear(year, month, day);
  return out;
};

export type PasswordExpiryReason =
  /** Older than the account's maximum password age. */
  | 'max_age_reached'
  /** Set before a password requirement was raised. */
  | 'requirements_raised';

export interface PasswordExpiryDecision {
  readonly expired: boolean;
  /** When the password expires (or expired) by age; null when passwords do not age. */
  readonly expiresAt: Instant | null;
  readonly reasons: readonly PasswordExpiryReason[];
}

export const passwordExpiry = (
  password: Pick<SecuritySettings['password'], 'expiryMonths'>,
  user: { readonly passwordChangedAt: Instant },
  passwordsExpiredAt: Instant | null,
  now: Date,
): PasswordExpiryDecision => {
  const reasons: PasswordExpiryReason[] = [];
  const expiresAt = password.expiryMonths === null ? null : addCalendarMonths(user.passwordChangedAt, password.expiryMonths).toISOString();
  if (expiresAt !== null && expiresAt <= now.toISOString()) reasons.push('max_age_reached');
  if (passwordsExpiredAt !== null && user.passwordChangedAt < passwordsExpiredAt) reasons.push('requirements_raised');
  return { expired: reasons.length > 0, expiresAt, reasons };
};
