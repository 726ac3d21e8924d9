import type { AgentPresence, Chat, ChatEvent, ChatStatus } from '../model/chat.js';
import type { Id, Instant, Page, PageRequest } from '../model/types.js';

/**
 * Storage of chats, their events and agent presence: part of {@link Repositories}.
 *
 * Guarantees every adapter gives (and `@parley/conformance` checks, with real concurrency):
 * - {@link ChatRepository.lockRouting} serialises the routing decisions of one account: while a
 *   transaction holds it, no other transaction that asks for it gets past that call until the first one
 *   commits or rolls back, and then it sees everything the first one wrote. Every transaction that assigns,
 *   queues, closes or transfers a chat, or changes an agent's status, takes it first. This is what makes
 *   assignment atomic: a chat is never assigned twice and never lost from the queue, whatever arrives at
 *   the same moment.
 * - {@link ChatRepository.lock} locks one chat until commit, so that appends to one chat's events are
 *   serialised (`seq` has no gaps and no duplicates). Take the routing lock before any chat lock.
 * - `update(chat, expectedVersion)` is a compare-and-set, as for the other aggregates.
 * - Reads of queues and loads inside a transaction that holds the routing lock see the latest committed
 *   data (MySQL: locking reads), never an older snapshot.
 */
export interface ChatRepository {
  /** Throws `StorageConflictError` (`chats.id`, `chats.visitor_token_hash`) on a duplicate. */
  insert(chat: Chat): Promise<void>;
  get(accountId: Id, id: Id): Promise<Chat | null>;
  /** The chat whose visitor token has this SHA-256; for visitor requests, which carry no account. */
  findByVisitorTokenHash(tokenHash: string): Promise<Chat | null>;
  /** Reads the chat and, inside a transaction, locks it until commit. */
  lock(accountId: Id, id: Id): Promise<Chat | null>;
  /** Compare-and-set on `version`; stores `chat` with `version = expectedVersion + 1`. */
  update(chat: Chat, expectedVersion: number): Promise<boolean>;
  /**
   * Deletes these chats of the account for good, with everything stored of them: their events (messages, notes,
   * pages...) and their search entries, so that no later read or search finds anything of them and their visitor
   * token opens nothing. Ids of no chat of the account are ignored; answers how many chats were deleted. The
   * caller decides which chats may go (ended ones, locked first); stored report days keep their figures.
   */
  deleteMany(accountId: Id, ids: readonly Id[]): Promise<number>;
  /**
   * Compare-and-set of what an append changes, for writes that change nothing else about the chat (a
   * message): when the stored version equals `expectedVersion`, stores `chat.lastSeq` and `chat.updatedAt`
   * with `version = expectedVersion + 1` and answers true; every other stored field stays as it is. The same
   * guarantee as `update` (two writers that read the same version can never both succeed), for a fraction
   * of its cost: three columns, no index.
   */
  advance(chat: Pick<Chat, 'id' | 'accountId' | 'lastSeq' | 'updatedAt'>, expectedVersion: number): Promise<boolean>;
  /**
   * {@link lock} for several chats of one account in one statement: reads them and, inside a transaction,
   * locks them until commit. Ids that match no chat of the account are absent from the answer; duplicates
   * count once. Answers in id order, and locks in id order, so two transactions that lock overlapping sets
   * this way cannot deadlock each other.
   */
  lockMany(accountId: Id, ids: readonly Id[]): Promise<Chat[]>;
  /**
   * {@link lockMany} answering each chat's `id` and `version` only: the same chats, order and locks, without
   * reading the rest of the row. For a writer that keeps the chats it wrote last and reads again only those
   * whose version moved (a chat's row never changes without its version moving).
   */
  lockVersions(accountId: Id, ids: readonly Id[]): Promise<ChatVersion[]>;
  /**
   * {@link advance} for several chats of one account in one statement: stores each change whose chat still
   * has its `expectedVersion` (with `version = expectedVersion + 1`) and answers how many were stored.
   * Each chat may appear at most once.
   */
  advanceMany(accountId: Id, changes: readonly ChatAdvance[]): Promise<number>;
  /**
   * Takes the account's routing lock until commit (see the interface's guarantees). Outside a
   * transaction it does nothing useful; call it inside one.
   */
  lockRouting(accountId: Id): Promise<void>;
  /**
   * Queued chats (`status = 'queued'`) of the given widgets, oldest first: by `queuedAt`, then by id.
   * At most `limit`.
   */
  listQueued(accountId: Id, widgetIds: readonly Id[], limit: number): Promise<Chat[]>;
  /** How many queued chats each widget has (widgets without any are absent). */
  countQueued(accountId: Id, widgetIds: readonly Id[]): Promise<Record<Id, number>>;
  /**
   * A queued chat's place in its widget's queue, from 1: one more than the queued chats of its widget before
   * it in {@link listQueued}'s order (by `queuedAt`, then id). Counted, not listed, however long the queue.
   */
  queuePosition(accountId: Id, chat: Pick<Chat, 'id' | 'widgetId' | 'queuedAt'>): Promise<number>;
  /** Open chats (`status = 'active'`) of one agent, oldest assignment first. */
  listActiveByAgent(accountId: Id, agentId: Id): Promise<Chat[]>;
  /** How many open chats each of these agents has (agents without any are absent). */
  countActiveByAgent(accountId: Id, agentIds: readonly Id[]): Promise<Record<Id, number>>;
  /**
   * Newest first (by id descending); the cursor is the last id of the previous page. With `from` or `to`, by
   * when the chats started instead (`createdAt` descending, then id), so that a store walks the range from its
   * end rather than sorting all of it; the cursor is then {@link startedCursor}'s.
   */
  list(accountId: Id, filter: ChatListFilter, page: PageRequest): Promise<Page<Chat>>;
  /**
   * Text search: the chats of {@link list} (same filter, order and cursor) that match `terms` (the words of
   * `searchTerms`, never empty), each once however many of its messages match. A chat matches when its
   * visitor's name and email together, or one of its messages (`text` of a stored event), contain a word
   * that begins with each term, compared without case and (where the engine folds them) accents. Every
   * stored message and chat can be found as soon as its transaction commits. `message` of a hit is the
   * text of the chat's newest matching message, or null when only the visitor matched.
   *
   * What stores cannot do exactly (and the conformance suite therefore leaves open): MySQL/MariaDB may match
   * terms shorter than `innodb_ft_min_token_size` (3) anywhere inside the text rather than at a word's
   * start, and fold what their collation folds; SQLite and the memory store fold case and accents
   * (Unicode decomposition), FTS5 by its `unicode61` tokenizer.
   */
  search(accountId: Id, terms: readonly string[], filter: ChatListFilter, page: PageRequest): Promise<Page<ChatSearchHit>>;
  /**
   * The timestamps reports are computed from, for every chat and offline request of the account created in
   * `[from, to)` (of one widget when `widgetId` is given), in no particular order. Read from one covering
   * index in the SQL stores, so a year of an account's chats is read without touching the table.
   */
  reportFacts(accountId: Id, range: ChatReportRange): Promise<ChatReportFact[]>;
  /**
   * The stored figures of the settled local days `from`..`to` (`YYYY-MM-DD`, both included) of a time zone,
   * in any order; days never stored are absent.
   */
  reportDays(accountId: Id, timeZone: string, from: string, to: string): Promise<ChatReportDay[]>;
  /**
   * Stores the figures of settled days; a day already stored for the account and zone is left as it is
   * (its figures cannot differ), so concurrent reports storing the same day both succeed.
   */
  saveReportDays(accountId: Id, timeZone: string, days: readonly ChatReportDay[]): Promise<void>;
  /**
   * Forgets the stored figures of these days (`YYYY-MM-DD`) in every time zone, so that the next report computes
   * them again from the chats: a chat rated after its day settled changes that day's figures.
   */
  forgetReportDays(accountId: Id, days: readonly string[]): Promise<void>;
}

/** The encoded figures of one settled local day of a time zone (see `encodeDay` in core/src/reports). */
export interface ChatReportDay {
  readonly day: string;
  readonly figures: Uint8Array;
}

/** One chat found by {@link ChatRepository.search}. */
export interface ChatSearchHit {
  readonly chat: Chat;
  /** The text of the chat's newest matching message; null when only the visitor's name or email matched. */
  readonly message: string | null;
}

/** A chat's id and version, as {@link ChatRepository.lockVersions} answers them. */
export interface ChatVersion {
  readonly id: Id;
  readonly version: number;
}

/** One chat's part of {@link ChatRepository.advanceMany}. */
export interface ChatAdvance {
  readonly chat: Pick<Chat, 'id' | 'lastSeq' | 'updatedAt'>;
  readonly expectedVersion: number;
}

/** All given conditions must hold. */
/** Which chats a report covers: created at or after `from`, before `to`. */
export interface ChatReportRange {
  readonly from: Instant;
  readonly to: Instant;
  readonly widgetId?: Id;
}

/** What a report needs of one chat: who, which widget, when each step happened, and the visitor's rating (1 to 5) if any. */
export type ChatReportFact = Pick<
  Chat,
  'widgetId' | 'agentId' | 'kind' | 'status' | 'createdAt' | 'queuedAt' | 'assignedAt' | 'firstAgentReplyAt' | 'closedAt'
> & { readonly surveyScore: number | null };

export interface ChatListFilter {
  /** Any of these widgets (an empty list matches nothing). */
  readonly widgetIds?: readonly Id[];
  readonly agentId?: Id;
  readonly status?: ChatStatus;
  /** Inclusive bounds on `createdAt`. */
  readonly from?: Instant;
  readonly to?: Instant;
  /** Last changed strictly after this instant (`updatedAt > updatedAfter`). */
  readonly updatedAfter?: Instant;
  /** Last changed strictly before this instant (`updatedAt < updatedBefore`). */
  readonly updatedBefore?: Instant;
  /** Closed (or abandoned) strictly after this instant (`closedAt > closedAfter`). */
  readonly closedAfter?: Instant;
  /** Carries this label id (`Chat.labels`). */
  readonly labelId?: Id;
  /** Started from the browser with this key (`Visitor.key`). */
  readonly visitorKey?: string;
  /** Offline requests only (`kind = 'offline'`): marked handled (`handledAt` set) when true, not yet when false. */
  readonly handled?: boolean;
}

/** Whether {@link ChatRepository.list} orders this filter's chats by when they started (it bounds `createdAt`). */
export const listsByStart = (filter: ChatListFilter): boolean => filter.from !== undefined || filter.to !== undefined;

/** The cursor of a list by start ({@link listsByStart}): the last chat's `createdAt` and id. */
export const startedCursor = {
  of: (chat: Pick<Chat, 'createdAt' | 'id'>): string => `${chat.createdAt}~${chat.id}`,
  /** The start and id `of` put in a cursor; null for any other cursor, with which a list starts from its first page. */
  parse(cursor: string): { readonly createdAt: Instant; readonly id: Id } | null {
    const at = cursor.indexOf('~');
    return at > 0 && at < cursor.length - 1 ? { createdAt: cursor.slice(0, at), id: cursor.slice(at + 1) } : null;
  },
};

/** A chat's events, append-only. */
export interface ChatEventRepository {
  /**
   * Appends an event. Callers hold the chat's lock and use `seq = chat.lastSeq + 1` (and move
   * `lastSeq` with `chats.update` or `chats.advance`); a second event with the same `(chatId, seq)` throws
   * `StorageConflictError` (`chat_events.seq`), and one with a `clientMessageId` the chat already has
   * `StorageConflictError` (`chat_events.client_message_id`).
   */
  append(event: ChatEvent): Promise<void>;
  /**
   * {@link append} for several events (of any chats), in as few statements as the store allows: all are
   * stored or, when one collides with a stored event or another of the list (`StorageConflictError`,
   * `chat_events.seq` or `chat_events.client_message_id`), none is.
   */
  appendMany(events: readonly ChatEvent[]): Promise<void>;
  /** Events with `seq > afterSeq`, oldest first, at most `limit`. Empty for another account's chat. */
  list(accountId: Id, chatId: Id, afterSeq: number, limit: number): Promise<ChatEvent[]>;
  /**
   * The chat's event with this id, or null (also for another account's chat). Event ids are not indexed
   * on their own: this reads through the chat's events, which is fine for what it serves (finding out
   * whether a write whose outcome is unknown was stored), not for a hot path.
   */
  get(accountId: Id, chatId: Id, id: Id): Promise<ChatEvent | null>;
  /** The chat's event stored with this `clientMessageId` (unique per chat), or null (also for another account's chat). */
  findByClientMessageId(accountId: Id, chatId: Id, clientMessageId: string): Promise<ChatEvent | null>;
}

/** Agents' presence: one row per (account, user), written under the routing lock. */
export interface AgentPresenceRepository {
  get(accountId: Id, userId: Id): Promise<AgentPresence | null>;
  /**
   * Inserts or replaces the presence. Stores `version = expectedVersion + 1` when the stored version
   * equals `expectedVersion` (or nothing is stored and `expectedVersion` is 0) and answers whether it did.
   */
  put(presence: AgentPresence, expectedVersion: number): Promise<boolean>;
  /** Presences of these users (users who never set a status are absent), by user id. A `reason` of null is read back absent. */
  list(accountId: Id, userIds: readonly Id[]): Promise<AgentPresence[]>;
  /** Every presence of the account whose status is not `offline`, by user id. */
  listActive(accountId: Id): Promise<AgentPresence[]>;
}
