import type { Account } from '../model/account.js';
import type { AuditEntry, AuditFilter, AuditHead } from '../model/audit.js';
import type { Session } from '../model/session.js';
import type { Id, Instant, Page, PageRequest } from '../model/types.js';
import type { User } from '../model/user.js';
import type { Widget } from '../model/widget.js';
import type { AgentPresenceRepository, ChatEventRepository, ChatRepository } from './chat-storage.js';
import type { DeliveryRepository, IntegrationRepository } from './integration-storage.js';
import type { PasswordHistoryRepository, PasswordTicketRepository, SecurityRepository } from './security-storage.js';
import type { MonitorLayoutRepository, MonitorShareLinkRepository } from './monitor-storage.js';
import type { ApiTokenRepository } from './api-token-storage.js';
import type { CannedResponseRepository, LabelRepository } from './console-storage.js';

/**
 * Persistence for the domain. Every method may only be called inside {@link Storage.transaction}
 * or {@link Storage.read}.
 *
 * Guarantees every adapter gives (and `@parley/conformance` checks):
 * - A transaction is all-or-nothing: if `fn` throws, nothing it wrote is visible afterwards.
 * - `update(entity, expectedVersion)` is a compare-and-set: it writes and bumps `version` only when the
 *   stored version still equals `expectedVersion`, and answers whether it did. Two transactions that
 *   read the same version can never both succeed.
 * - Lookups return `null` for "not found"; they never throw for it.
 * - Unique violations (a second user with the same email in one account) throw {@link StorageConflictError}.
 * - When the store cannot be reached (connection refused, lost or timed out, database file locked or
 *   unopenable), operations throw {@link StorageUnavailableError}: nothing was committed, and the same
 *   operation may succeed once the store is back.
 */
export interface Storage {
  readonly capabilities: StorageCapabilities;
  /**
   * Runs `fn` in one transaction. An adapter may run `fn` again when the database aborted the first try
   * for a transient reason (a deadlock), so `fn` must not have effects outside the transaction: publish
   * events after it returns.
   */
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
  /** Runs reads without a transaction (each statement sees committed data). */
  read<T>(fn: (r: Repositories) => Promise<T>): Promise<T>;
  /** Resolves when the store answers; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface StorageCapabilities {
  /** A short name for logs and test output: `memory`, `sqlite`, `mysql`. */
  readonly name: string;
  /** Whether data survives the process (false for memory). */
  readonly durable: boolean;
}

/** Thrown by adapters when a unique constraint is violated. */
export class StorageConflictError extends Error {
  constructor(
    readonly constraint: string,
    options?: { cause?: unknown },
  ) {
    super(`Unique constraint violated: ${constraint}`, options);
    this.name = 'StorageConflictError';
  }
}

/**
 * Thrown by adapters when the store cannot be reached (the database is down, restarting or
 * unreachable), as opposed to a bug or bad data: callers answer "try again later" instead of failing.
 */
export class StorageUnavailableError extends Error {
  constructor(
    /** What the driver said, short and free of secrets (`ECONNREFUSED`, `PROTOCOL_CONNECTION_LOST`...). */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Storage unavailable: ${reason}`, options);
    this.name = 'StorageUnavailableError';
  }
}

export interface Repositories {
  readonly accounts: AccountRepository;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly widgets: WidgetRepository;
  readonly audit: AuditRepository;
  /** Chats and offline requests (see `chat-storage.ts` for the routing guarantees). */
  readonly chats: ChatRepository;
  readonly chatEvents: ChatEventRepository;
  readonly presence: AgentPresenceRepository;
  /** Integration settings per widget (see `integration-storage.ts`). */
  readonly integrations: IntegrationRepository;
  /** The outbox of webhook and CRM deliveries, with their tries (see `integration-storage.ts`). */
  readonly deliveries: DeliveryRepository;
  /** Security settings per account (see `security-storage.ts`). */
  readonly security: SecurityRepository;
  readonly passwordHistory: PasswordHistoryRepository;
  readonly passwordTickets: PasswordTicketRepository;
  /** Share links of the chat monitor (see `monitor-storage.ts`). */
  readonly monitorShareLinks: MonitorShareLinkRepository;
  /** Each user's widget order on the multi monitor. */
  readonly monitorLayouts: MonitorLayoutRepository;
  /** Canned responses of the agent console (see `console-storage.ts`). */
  readonly cannedResponses: CannedResponseRepository;
  /** The account's chat labels (see `console-storage.ts`). */
  readonly labels: LabelRepository;
  /** API tokens of the compatible APIs (see `api-token-storage.ts`). */
  readonly apiTokens: ApiTokenRepository;
}

export interface AccountRepository {
  /** Inserts the account and starts its audit chain (an {@link AuditHead} at seq 0). */
  insert(account: Account): Promise<void>;
  get(id: Id): Promise<Account | null>;
  /** Compare-and-set on `version`; stores `account` with `version = expectedVersion + 1`. */
  update(account: Account, expectedVersion: number): Promise<boolean>;
  count(): Promise<number>;
  /**
   * Takes the installation-wide sign-up lock until commit: while a transaction holds it, another that
   * asks for it waits, and then sees what the first one committed. Sign-up under the `first` policy takes
   * it before counting accounts, so two simultaneous first sign-ups cannot both succeed. Call it inside a
   * transaction, before any other read.
   */
  lockSignups(): Promise<void>;
  /** All account ids, for periodic sweeps. */
  listIds(): Promise<Id[]>;
}

export interface UserListFilter {
  readonly role?: User['role'];
}

/**
 * Emails are compared exactly (callers lower-case them); ids compare and sort as binary strings. An email
 * is unique within an account, not across accounts: the same address may have a user in several accounts.
 */
export interface UserRepository {
  /** Throws {@link StorageConflictError} (`users.email`) when the account has a user with this email. */
  insert(user: User): Promise<void>;
  get(accountId: Id, id: Id): Promise<User | null>;
  /**
   * Those of these users the account has, each once, by id ascending: one query where a loop of {@link get}
   * would make one per id. Unknown ids, and users of other accounts, are left out.
   */
  getMany(accountId: Id, ids: readonly Id[]): Promise<User[]>;
  /** The account's user with this email, or null. */
  getByEmail(accountId: Id, email: string): Promise<User | null>;
  /** The users with this email in any account, by id ascending, at most `limit` (for login by email). */
  listByEmail(email: string, limit: number): Promise<User[]>;
  /** Ordered by id ascending; the cursor is the last id of the previous page. */
  list(accountId: Id, filter: UserListFilter, page: PageRequest): Promise<Page<User>>;
  /**
   * Compare-and-set on `version`; stores `user` with `version = expectedVersion + 1`. Login state
   * (`failedLoginCount`, `lockedUntil`, `lastLoginAt`) is left as stored: it changes only through
   * {@link incrementFailedLogins} and {@link setLoginState}, so an edit never undoes a lockout.
   * Throws {@link StorageConflictError} (`users.email`) when another user of the account has the new email.
   */
  update(user: User, expectedVersion: number): Promise<boolean>;
  delete(accountId: Id, id: Id): Promise<boolean>;
  countByRole(accountId: Id, role: User['role']): Promise<number>;
  /** The own maximum of open chats of those of these users who have one (`maxConcurrentChats` not null), by user id. */
  maxConcurrentChats(accountId: Id, ids: readonly Id[]): Promise<Record<Id, number>>;
  /**
   * Atomically adds one to the user's failed-login count and returns the new count; concurrent calls
   * each see a distinct value. Does not bump `version`. Answers 0 and changes nothing when there is no
   * such user (login runs it against a decoy id for unknown emails, so both cost the same).
   */
  incrementFailedLogins(accountId: Id, id: Id): Promise<number>;
  /** Records a lockout, a successful login or an unlock without bumping `version`. */
  setLoginState(
    accountId: Id,
    id: Id,
    state: { failedLoginCount: number; lockedUntil: Instant | null; lastLoginAt?: Instant },
  ): Promise<void>;
  /**
   * When the user's lock has ended (`lockedUntil` at or before `now`), clears it and resets the
   * failed-login count, answering true; otherwise changes nothing and answers false. Of concurrent
   * callers, at most one gets true. Does not bump `version`.
   */
  clearEndedLock(accountId: Id, id: Id, now: Instant): Promise<boolean>;
}

export interface SessionRepository {
  insert(session: Session): Promise<void>;
  get(tokenHash: string): Promise<Session | null>;
  delete(tokenHash: string): Promise<void>;
  deleteByUser(userId: Id): Promise<number>;
  deleteExpired(now: Instant): Promise<number>;
}

export interface WidgetRepository {
  insert(widget: Widget): Promise<void>;
  get(accountId: Id, id: Id): Promise<Widget | null>;
  /** Those of these widgets the account has, each once, by id ascending (as {@link UserRepository.getMany}). */
  getMany(accountId: Id, ids: readonly Id[]): Promise<Widget[]>;
  /** Ordered by id ascending; the cursor is the last id of the previous page. */
  list(accountId: Id, page: PageRequest): Promise<Page<Widget>>;
  /** Compare-and-set on `version`; stores `widget` with `version = expectedVersion + 1`. */
  update(widget: Widget, expectedVersion: number): Promise<boolean>;
  delete(accountId: Id, id: Id): Promise<boolean>;
  /** Widgets whose agent list contains `userId`. */
  listByAgent(accountId: Id, userId: Id): Promise<Widget[]>;
  /** A widget by id alone, whatever its account: for public (visitor) requests, which know only the id. */
  findById(id: Id): Promise<Widget | null>;
}

/**
 * The audit log is append-only: there is no method that changes an entry, and the only removal is a
 * retention purge of the oldest entries, which leaves an anchor so the rest still verifies.
 */
export interface AuditRepository {
  /**
   * Reads the tip of the account's chain and, inside a transaction, locks it until commit so that
   * concurrent appends to one account are serialised. Null when the account does not exist.
   */
  lockHead(accountId: Id): Promise<AuditHead | null>;
  /**
   * Inserts the entry and moves the head to it. `entry.seq` must be `head.seq + 1`, and `entry.createdAt`
   * must not be earlier than the previous entry's (the core's `appendAudit` guarantees both), so that
   * seq order is time order and an adapter may turn a date range into a seq range.
   */
  append(entry: AuditEntry): Promise<void>;
  get(accountId: Id, id: Id): Promise<AuditEntry | null>;
  /**
   * Newest first (by `seq` descending). `beforeSeq` excludes `seq >= beforeSeq`, which makes paging
   * stable while new entries arrive.
   */
  list(accountId: Id, filter: AuditFilter, beforeSeq: number | null, limit: number): Promise<AuditEntry[]>;
  /** Oldest first, `seq > afterSeq`, for verification. */
  scan(accountId: Id, afterSeq: number, limit: number): Promise<AuditEntry[]>;
  /**
   * Deletes the oldest entries (by `seq`) as long as they were created before `cutoff` — the run stops
   * at the first entry created at or after it, so the chain never gets a hole — and moves the head's
   * anchor to the last one deleted. Returns how many were deleted.
   */
  purgeBefore(accountId: Id, cutoff: Instant): Promise<number>;
  head(accountId: Id): Promise<AuditHead | null>;
}
