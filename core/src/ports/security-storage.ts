import type { PasswordHistoryEntry, PasswordTicket, SecurityRecord } from '../model/security.js';
import type { Id, Instant } from '../model/types.js';

/**
 * Storage of the security policy: per-account settings, per-user password history and password-change
 * tickets. Part of {@link Repositories}; the same rules hold (transactions, `null` for not found,
 * objects copied in and out).
 */

/** The security settings of each account. An account that never saved any has no record. */
export interface SecurityRepository {
  /** The account's record, or null when it never saved settings (the defaults apply). */
  get(accountId: Id): Promise<SecurityRecord | null>;
  /**
   * Compare-and-set. With `expectedVersion` 0 it inserts the first record and answers false when one
   * exists already; otherwise it writes only when the stored version equals `expectedVersion`. Either
   * way the stored version is `expectedVersion + 1`. Of concurrent savers holding the same version,
   * exactly one gets true. The account must exist.
   */
  save(record: SecurityRecord, expectedVersion: number): Promise<boolean>;
}

/** Earlier passwords of users (hashes only), for the reuse rule. */
export interface PasswordHistoryRepository {
  add(entry: PasswordHistoryEntry): Promise<void>;
  /** The user's newest entries first (by `setAt`, then id, descending), at most `limit`. */
  recent(accountId: Id, userId: Id, limit: number): Promise<PasswordHistoryEntry[]>;
  /** Deletes all but the user's `keep` newest entries (same order); answers how many went. */
  prune(accountId: Id, userId: Id, keep: number): Promise<number>;
  deleteByUser(accountId: Id, userId: Id): Promise<number>;
}

/** Tickets that allow one password change after a login with an expired password. */
export interface PasswordTicketRepository {
  /** Throws `StorageConflictError` (`password_tickets.token_hash`) on a duplicate. */
  insert(ticket: PasswordTicket): Promise<void>;
  get(tokenHash: string): Promise<PasswordTicket | null>;
  /** Deletes the ticket; true when it existed. Of concurrent deleters of one ticket, exactly one gets true. */
  delete(tokenHash: string): Promise<boolean>;
  deleteByUser(userId: Id): Promise<number>;
  /** Tickets whose `expiresAt` is at or before `now`. */
  deleteExpired(now: Instant): Promise<number>;
  /**
   * The account's users with an invitation still to take (a ticket for `invitation` that expires after `now`),
   * each once, with the latest such ticket's `expiresAt`; in no particular order.
   */
  pendingInvitations(accountId: Id, now: Instant): Promise<{ readonly userId: Id; readonly expiresAt: Instant }[]>;
}
