import type { Id, Instant, Versioned } from './types.js';

export const PLANS = ['free', 'basic', 'plus', 'premier', 'unlimited', 'enterprise'] as const;
export type Plan = (typeof PLANS)[number];

/** Plans that include the owner-controlled security settings. */
export const SECURITY_PLANS: readonly Plan[] = ['premier', 'unlimited', 'enterprise'];

export interface AccountSettings {
  /** IANA time zone used to present times to the account's users. */
  readonly timezone: string;
  /** Audit entries older than this many days may be purged; null keeps them forever. */
  readonly auditRetentionDays: number | null;
  /**
   * Ended chats and offline requests last changed more than this many days ago are deleted for good, with
   * their messages, visitor details and search entries, and so are finished deliveries and e-mails as old;
   * null keeps them forever.
   */
  readonly chatRetentionDays: number | null;
}

export interface Account extends Versioned {
  readonly id: Id;
  readonly name: string;
  readonly plan: Plan;
  readonly settings: AccountSettings;
  readonly createdAt: Instant;
  readonly updatedAt: Instant;
}

export const defaultAccountSettings = (): AccountSettings => ({ timezone: 'UTC', auditRetentionDays: null, chatRetentionDays: null });
