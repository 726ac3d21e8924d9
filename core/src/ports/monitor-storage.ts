import type { MonitorLayout, MonitorShareLink } from '../model/monitor.js';
import type { Id, Instant } from '../model/types.js';

/**
 * Share links of the chat monitor: part of {@link Repositories}. Only the SHA-256 of a link's token is
 * stored. A link is never deleted, only revoked (so the admins' list keeps its history).
 */
export interface MonitorShareLinkRepository {
  /** Throws `StorageConflictError` (`monitor_share_links.id`, `monitor_share_links.token_hash`) on a duplicate. */
  insert(link: MonitorShareLink): Promise<void>;
  get(accountId: Id, id: Id): Promise<MonitorShareLink | null>;
  /**
   * The link with this token hash, whatever its account (a public request knows only the token).
   * Revoked and expired links are returned too: the caller decides.
   */
  findByTokenHash(tokenHash: string): Promise<MonitorShareLink | null>;
  /** The account's links, newest first (by `createdAt`, then id, descending), at most `limit`. */
  list(accountId: Id, limit: number): Promise<MonitorShareLink[]>;
  /**
   * Marks the link revoked (`revokedAt`, `revokedBy`) unless it already is, and answers whether it did:
   * of concurrent revocations exactly one gets `true`. False for an unknown link or another account's.
   */
  revoke(accountId: Id, id: Id, at: Instant, by: Id): Promise<boolean>;
}

/** Each user's order of the widgets on the multi monitor: one row per (account, user). */
export interface MonitorLayoutRepository {
  get(accountId: Id, userId: Id): Promise<MonitorLayout | null>;
  /**
   * Inserts or replaces the layout. Stores `version = expectedVersion + 1` when the stored version equals
   * `expectedVersion` (or nothing is stored and `expectedVersion` is 0) and answers whether it did.
   */
  put(layout: MonitorLayout, expectedVersion: number): Promise<boolean>;
}
