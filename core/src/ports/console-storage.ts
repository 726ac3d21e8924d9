import type { CannedResponse } from '../model/canned-response.js';
import type { Label } from '../model/label.js';
import type { Id, Page, PageRequest } from '../model/types.js';

/**
 * What the agent console works with besides chats: canned responses and labels, part of
 * {@link Repositories}.
 *
 * Guarantees every adapter gives (and `@parley/conformance` checks on memory, SQLite and MySQL):
 * - `update(entity, expectedVersion)` is a compare-and-set, as for the other aggregates: it stores
 *   `version = expectedVersion + 1` only when the stored version still equals `expectedVersion`.
 * - Uniqueness is enforced by the store, also between concurrent transactions: a canned response's
 *   `shortcut` per (account, widget or account-wide), a label's name per account without regard to case
 *   (`labelNameKey`). A violation throws `StorageConflictError` and stores nothing.
 * - Lookups are per account: another account's row is never found, listed, changed or deleted.
 */
export interface CannedResponseRepository {
  /**
   * Throws `StorageConflictError` (`canned_responses.id`, or `canned_responses.shortcut` when the account
   * already has the shortcut in the same scope: the same widget, or account-wide).
   */
  insert(response: CannedResponse): Promise<void>;
  get(accountId: Id, id: Id): Promise<CannedResponse | null>;
  /**
   * Compare-and-set on `version`; stores `response` with `version = expectedVersion + 1`. Throws
   * `StorageConflictError` (`canned_responses.shortcut`) when the new shortcut or scope collides.
   */
  update(response: CannedResponse, expectedVersion: number): Promise<boolean>;
  delete(accountId: Id, id: Id): Promise<boolean>;
  /** Ordered by id ascending; the cursor is the last id of the previous page. */
  list(accountId: Id, filter: CannedResponseFilter, page: PageRequest): Promise<Page<CannedResponse>>;
}

/** All given conditions must hold. */
export interface CannedResponseFilter {
  /**
   * Which scopes: account-wide responses when `accountWide`, and those of these widgets. Absent: every
   * response of the account.
   */
  readonly scope?: { readonly accountWide: boolean; readonly widgetIds: readonly Id[] };
  /**
   * Text that must occur in `shortcut + "\n" + title + "\n" + text`, both sides lower-cased
   * (`String.prototype.toLowerCase`): in the shortcut, the title or the text (a `q` with a line break may
   * span them). `%` and `_` are plain characters.
   */
  readonly q?: string;
}

export interface LabelRepository {
  /** Throws `StorageConflictError` (`labels.id`, or `labels.name` when the account has the name in any case). */
  insert(label: Label): Promise<void>;
  get(accountId: Id, id: Id): Promise<Label | null>;
  /** Compare-and-set on `version`. Throws `StorageConflictError` (`labels.name`) when the new name is taken. */
  update(label: Label, expectedVersion: number): Promise<boolean>;
  delete(accountId: Id, id: Id): Promise<boolean>;
  /** Every label of the account, by name key (lower-cased name), then id. */
  list(accountId: Id): Promise<Label[]>;
}
