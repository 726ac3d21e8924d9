import type { Id, Instant, Versioned } from './types.js';

/** How earlier passwords may not come back: off, none of the last N, or none used in the last M months. */
export type PasswordReuse =
  | { readonly mode: 'off'; readonly value: null }
  | { readonly mode: 'lastN'; readonly value: number }
  | { readonly mode: 'months'; readonly value: number };

/**
 * The owner-controlled security policy of one account (`GET/PUT /api/v1/account/security`).
 * Available on the plans in `SECURITY_PLANS`; on other plans the defaults apply whatever is stored.
 */
export interface SecuritySettings {
  readonly password: {
    /** At least this many characters (never fewer than 8). */
    readonly minLength: number;
    readonly requireMixedCase: boolean;
    /** At least one character that is not a letter or digit. */
    readonly requireSpecialChar: boolean;
    /** No part of the user's email or name (3+ characters, case-insensitive). */
    readonly forbidUserInfo: boolean;
    readonly reuse: PasswordReuse;
    /** Passwords expire this many calendar months after they were set; null: never. */
    readonly expiryMonths: number | null;
  };
  readonly lockout: {
    /** Consecutive failed logins that lock the user; null: no lockout. */
    readonly maxFailedAttempts: number | null;
    /** How long a lock lasts; null: until an owner or admin unlocks the user. */
    readonly lockMinutes: number | null;
  };
  /** Addresses, IPv4 wildcards and CIDR ranges users may sign in from; empty: anywhere. */
  readonly ipRules: readonly string[];
  /** Non-owner users who have not signed in for this many days are deactivated; null: never. */
  readonly inactivityDays: number | null;
}

/** The values that may be chosen, shared by the input schema, the docs and the tests. */
export const SECURITY_LIMITS = {
  minLength: { min: 8, max: 128 },
  reuseLastN: { min: 5, max: 8 },
  reuseMonths: [1, 6, 12],
  expiryMonths: [1, 3, 6, 12],
  maxFailedAttempts: { min: 3, max: 20 },
  /** Up to a week. */
  lockMinutes: { min: 1, max: 7 * 24 * 60 },
  inactivityDays: { min: 1, max: 365 },
  ipRules: { max: 200 },
} as const;

export const defaultSecuritySettings = (): SecuritySettings => ({
  password: {
    minLength: 8,
    requireMixedCase: false,
    requireSpecialChar: false,
    forbidUserInfo: false,
    reuse: { mode: 'off', value: null },
    expiryMonths: null,
  },
  lockout: { maxFailedAttempts: null, lockMinutes: null },
  ipRules: [],
  inactivityDays: null,
});

/** What storage keeps per account: the settings and the state that goes with them. */
export interface SecurityRecord extends Versioned {
  readonly accountId: Id;
  readonly settings: SecuritySettings;
  /**
   * When a password requirement was last raised: every password set before this instant must be
   * replaced at the user's next login. Null when no requirement was ever raised.
   */
  readonly passwordsExpiredAt: Instant | null;
  readonly updatedAt: Instant;
}

/** One earlier password of a user: only its hash. */
export interface PasswordHistoryEntry {
  readonly id: Id;
  readonly accountId: Id;
  readonly userId: Id;
  readonly passwordHash: string;
  readonly setAt: Instant;
}

/**
 * What a ticket was made for: a login with an expired password (handed out instead of a session), a
 * forgotten password (mailed as a reset link, 30 minutes), or an invitation of a user added without a
 * password (mailed, 72 hours). Each is accepted only where it was made for.
 */
export const PASSWORD_TICKET_PURPOSES = ['password_expired', 'password_reset', 'invitation'] as const;
export type PasswordTicketPurpose = (typeof PASSWORD_TICKET_PURPOSES)[number];

/**
 * A short-lived, single-use permission to set a user's password. Only the SHA-256 of the ticket is
 * stored; the ticket itself is shown once (in a login answer) or mailed (sealed in the outbox).
 */
export interface PasswordTicket {
  readonly tokenHash: string;
  readonly purpose: PasswordTicketPurpose;
  readonly userId: Id;
  readonly accountId: Id;
  readonly createdAt: Instant;
  readonly expiresAt: Instant;
}

/**
 * `lockedUntil` of a user locked until someone unlocks them. Any instant compares as earlier, so "is
 * the lock over?" needs no special case; the API shows it as `lockedUntil: null`.
 */
export const LOCKED_UNTIL_UNLOCKED: Instant = '9999-12-31T23:59:59.999Z';
