import { notFound, ParleyError } from '../errors.js';
import type { Chat, ChatEvent } from '../model/chat.js';
import type { Id, Instant } from '../model/types.js';
import type { ChatAdvance } from '../ports/chat-storage.js';
import { StorageConflictError, type Repositories } from '../ports/storage.js';
import { isoNow } from '../ports/system.js';
import { commitPublishing, type CoreDeps, type Emit, lostRace } from '../runtime/context.js';
import { RecentMap } from '../runtime/recent-map.js';
import { enqueueForChatWrite } from '../outbox/integration-outbox.js';
import { appendTo, chatDomainEvent, onlyAppends, type ChatEventDraft } from './chat-writes.js';

/** One append to a chat (a message), as {@link ChatAppender.append} takes it. */
export interface ChatAppend {
  readonly accountId: Id;
  readonly chatId: Id;
  /**
   * The client's key for this append (`clientMessageId`, `Idempotency-Key`), unique per chat. When the chat
   * already has an event with it, that event is the answer if {@link isResend} says it is this same append
   * sent again; otherwise the append is refused (`idempotency_key_reused`).
   */
  readonly clientMessageId?: string;
  /** Whether `stored`, the chat's event with this append's client key, is this append sent again. */
  isResend?(stored: ChatEvent): boolean;
  /**
   * Checks the chat, locked, and says what to write: the chat as it is to be (`cur` itself for a plain
   * message) and the event. Throw a {@link ParleyError} to refuse this append alone. It may read through
   * `tx` but must not write; `at` is the time the append is stored with. `earlier` are the events that appends
   * before this one in the same group gave the chat: not stored yet, so `tx` does not read them.
   */
  prepare(tx: Repositories, cur: Chat, at: Instant, earlier: readonly ChatEvent[]): Promise<AppendPlan> | AppendPlan;
}

export interface AppendPlan {
  readonly next: Chat;
  /** The event; its id is the append's, fixed when it arrived. */
  readonly draft: Omit<ChatEventDraft, 'id' | 'clientMessageId'>;
}

/** What an append stored (or, for one sent again, had stored before): the chat after it and its event. */
export interface AppendResult {
  readonly chat: Chat;
  readonly event: ChatEvent;
}

export interface ChatAppenderOptions {
  /** Most appends written in one transaction. Default 128. */
  readonly maxBatch?: number;
  /** Runs `fn` once pending I/O has had its turn (default `setImmediate`), so that requests that arrive together are written together. */
  readonly defer?: (fn: () => void) => void;
}

interface Pending {
  readonly append: ChatAppend;
  /** The id of the append's event, fixed before the first try so that a later try can find it stored. */
  readonly id: Id;
  readonly resolve: (r: AppendResult) => void;
  readonly reject: (e: unknown) => void;
}

type Outcome = { readonly ok: true; readonly value: AppendResult } | { readonly ok: false; readonly error: ParleyError };

const DEFAULT_MAX_BATCH = 128;
/** Chats whose last written state an appender keeps (a few KB each), so that a group reads only their versions. */
const KNOWN_CHATS = 4096;
const defaultDefer = (fn: () => void): void => {
  if (typeof setImmediate === 'function') setImmediate(fn);
  else setTimeout(fn, 0);
};

const idempotencyKeyReused = (): ParleyError =>
  new ParleyError(
    'idempotency_key_reused',
    'This chat already has another message with this clientMessageId (Idempotency-Key); send a new one.',
  );

/** A client that sent a key again fails the first try through the unique constraint: expected, not worth a warning. */
const isClientKeyCollision = (e: unknown): boolean => e instanceof StorageConflictError && e.constraint === 'chat_events.client_message_id';

/**
 * Writes messages with group commit. Appends that arrive while the previous group is being written wait,
 * and are then written together in one transaction: their chats locked with one statement per account
 * (`lockMany`, in id order), advanced with one (`advanceMany`), their events inserted with one
 * (`appendMany`), one commit. Under load this turns N transactions of four statements into one of about
 * four, on SQLite (one commit) and on MySQL (round trips) alike; with nothing else pending a group is
 * one append, written at once.
 *
 * Each append keeps the guarantees of a transaction of its own: it is checked against its chat as locked
 * (and as changed by the appends before it in the group, in order), refused alone when `prepare` throws
 * a {@link ParleyError}, and its event is published after commit; it resolves once published. The next group
 * does not wait for that: it may commit while the bus (Redis, a round trip away) takes the last group's events,
 * whose publishes were issued first and so keep their order.
 *
 * Writes are idempotent. Each append's event id is fixed when it arrives, before the first try. When a
 * group's transaction fails (the database refused it, or the connection was lost during COMMIT, so that
 * nobody knows whether it committed), the error is logged and the group's appends are written again one
 * by one, each first looking in its locked chat for its event, by id and by client key: one found there is
 * answered as stored (and published again: streams drop a `seq` they already sent) rather than written
 * twice, and one bad append never fails others. An append whose second try fails too is rejected with
 * that error. A client that sends a key again takes the same path: its first try collides with the
 * stored key (`chat_events.client_message_id`), so the happy path never reads before it writes.
 *
 * The appender keeps each chat as its last committed group left it (at most {@link KNOWN_CHATS}). A chat's row
 * never changes without its version moving, so a kept chat of the same version is the row. A group whose chats
 * are all kept reads none of them: it checks its appends against the kept chats, and its `advanceMany` (which
 * takes the rows' locks, in id order) writes only where the version is still the kept one. Should another writer
 * (a close, an assignment, a labeling, another host) have moved one, fewer rows change: nothing of that try
 * stays (its transaction is rolled back, its events unpublished) and the group is written again the way a
 * group with a chat not kept always is: its chats locked with `lockVersions`, in order, and only those whose
 * stored version is not the kept one read whole (`lockMany`). A group that changes a chat beyond its appends
 * (an agent's first reply), or that refuses an append, takes those locks before it writes and checks the versions
 * there, as such a change is a statement of its own and a refusal writes nothing that would check them.
 * Appends written again one by one always lock and read. On MySQL the usual group is then five round trips
 * instead of six; on SQLite, one statement fewer.
 */
export class ChatAppender {
  private readonly waiting: Pending[] = [];
  private scheduled = false;
  private running = false;
  private readonly maxBatch: number;
  private readonly defer: (fn: () => void) => void;
  /** Chats as this appender's last committed group left them, by account and id. */
  private readonly known = new RecentMap<string, Chat>(KNOWN_CHATS);

  constructor(
    private readonly deps: Pick<CoreDeps, 'storage' | 'events' | 'ids' | 'clock' | 'config' | 'logger'>,
    options: ChatAppenderOptions = {},
  ) {
    this.maxBatch = Math.max(1, options.maxBatch ?? DEFAULT_MAX_BATCH);
    this.defer = options.defer ?? defaultDefer;
  }

  /** Writes one append (with others that arrive with it); resolves once it is committed and published. */
  append(append: ChatAppend): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.waiting.push({ append, id: this.deps.ids.next(), resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running || this.waiting.length === 0) return;
    this.scheduled = true;
    this.defer(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.running = true;
    try {
      await this.write(this.waiting.splice(0, this.maxBatch), false);
    } finally {
      this.running = false;
      this.schedule();
    }
  }

  /**
   * Writes `group` in one transaction; `again` when it is one append whose first try failed, `takeKept` unless a try
   * that took kept chats unread found one changed (then they are locked and read first). Returns once it has
   * committed and its events' publishes are issued, so that the next group may commit meanwhile; each append
   * resolves once its events are published.
   */
  private async write(group: readonly Pending[], again: boolean, takeKept = true): Promise<void> {
    let outcomes: readonly Outcome[];
    let published: Promise<void>;
    try {
      const known = (accountId: Id, chatId: Id) => this.known.get(keyOf(accountId, chatId));
      const written = await commitPublishing(this.deps, (tx, emit) => writeGroup(tx, this.deps, group, emit, again, known, takeKept));
      outcomes = written.result.outcomes;
      published = written.published;
      for (const chat of written.result.chats) this.known.remember(keyOf(chat.accountId, chat.id), chat);
    } catch (error) {
      if (error instanceof StaleKnownChats) {
        // Another writer changed a chat the group took as kept: the group again, its chats read under their locks.
        await this.write(group, again, false);
        return;
      }
      if (again) {
        for (const p of group) p.reject(error);
        return;
      }
      // Logged here because a second try that succeeds hides it, and one that fails reports only its own error.
      if (!isClientKeyCollision(error))
        this.deps.logger?.warn('chat: writing messages failed; writing each again, answering any already stored', {
          messages: group.length,
          error,
        });
      for (const p of group) await this.write([p], true);
      return;
    }
    void published.then(() => outcomes.forEach((o, i) => (o.ok ? group[i]!.resolve(o.value) : group[i]!.reject(o.error))));
  }
}

const keyOf = (accountId: Id, chatId: Id): string => `${accountId}\u0000${chatId}`;

/** A group that took kept chats unread found one of them changed when it wrote them: it is written again, reading them. */
class StaleKnownChats extends Error {}

/** The chat's event of an append written before: by the append's event id, else by its client key. */
const storedEventOf = async (tx: Repositories, a: ChatAppend, id: Id): Promise<ChatEvent | null> =>
  (await tx.chatEvents.get(a.accountId, a.chatId, id)) ??
  (a.clientMessageId === undefined ? null : await tx.chatEvents.findByClientMessageId(a.accountId, a.chatId, a.clientMessageId));

/**
 * Locks the chats of a group, accounts in a fixed order and each account's chats in id order, so that two groups
 * never wait on each other in a cycle, into `locked`: a kept chat of the version stored as kept (the same object),
 * the others read whole.
 */
const lockChats = async (
  tx: Repositories,
  accounts: readonly Id[],
  idsByAccount: ReadonlyMap<Id, ReadonlySet<Id>>,
  known: (accountId: Id, chatId: Id) => Chat | undefined,
  locked: Map<string, Chat>,
): Promise<void> => {
  for (const accountId of accounts) {
    const ids = [...idsByAccount.get(accountId)!];
    let stale = ids;
    if (ids.some((id) => known(accountId, id))) {
      stale = [];
      for (const { id, version } of await tx.chats.lockVersions(accountId, ids)) {
        const kept = known(accountId, id);
        if (kept?.version === version) locked.set(keyOf(accountId, id), kept);
        else stale.push(id);
      }
    }
    if (stale.length > 0) for (const chat of await tx.chats.lockMany(accountId, stale)) locked.set(keyOf(accountId, chat.id), chat);
  }
};

/**
 * One group in one transaction (see {@link ChatAppender}); answers each append's outcome, in order. With
 * `findStored`, an append whose event the chat already has is answered with it instead of written.
 */
const writeGroup = async (
  tx: Repositories,
  deps: Pick<CoreDeps, 'ids' | 'clock' | 'config'>,
  group: readonly Pending[],
  emit: Emit,
  findStored: boolean,
  known: (accountId: Id, chatId: Id) => Chat | undefined,
  takeKept: boolean,
): Promise<{ outcomes: Outcome[]; chats: Chat[] }> => {
  const at = isoNow(deps.clock);
  const idsByAccount = new Map<Id, Set<Id>>();
  for (const { append: a } of group) {
    const ids = idsByAccount.get(a.accountId) ?? new Set<Id>();
    ids.add(a.chatId);
    idsByAccount.set(a.accountId, ids);
  }
  const accounts = [...idsByAccount.keys()].sort();
  const locked = new Map<string, Chat>();
  // Every chat kept: taken as kept, unread; the write checks their versions (see ChatAppender).
  const unread =
    takeKept && !findStored && accounts.every((accountId) => [...idsByAccount.get(accountId)!].every((id) => known(accountId, id)));
  if (unread)
    for (const accountId of accounts)
      for (const id of idsByAccount.get(accountId)!) locked.set(keyOf(accountId, id), known(accountId, id)!);
  else await lockChats(tx, accounts, idsByAccount, known, locked);

  const current = new Map(locked);
  const outcomes: Outcome[] = [];
  /** Whether an append was answered or refused without a write, which would check the chat it relied on. */
  let unwritten = false;
  const written: { before: Chat; chat: Chat; events: readonly ChatEvent[] }[] = [];
  /** The events this group gave each chat so far, by key: what a later append's `prepare` gets as `earlier`. */
  const given = new Map<string, ChatEvent[]>();
  for (const { append: a, id } of group) {
    const key = keyOf(a.accountId, a.chatId);
    const cur = current.get(key);
    try {
      if (!cur) throw notFound('Chat');
      const answer = (stored: ChatEvent) => {
        unwritten = true;
        emit(chatDomainEvent(cur, stored));
        outcomes.push({ ok: true, value: { chat: cur, event: stored } });
      };
      const stored = findStored ? await storedEventOf(tx, a, id) : null;
      if (stored && (stored.id === id || a.isResend?.(stored))) {
        answer(stored);
        continue;
      }
      let plan: AppendPlan;
      try {
        plan = await a.prepare(tx, cur, at, given.get(key) ?? []);
      } catch (error) {
        // A resend that the chat now refuses (it ended since the first send) still gets what the first send stored.
        const earlier =
          !findStored && error instanceof ParleyError && a.clientMessageId !== undefined
            ? await tx.chatEvents.findByClientMessageId(a.accountId, a.chatId, a.clientMessageId)
            : null;
        if (!earlier || !a.isResend?.(earlier)) throw error;
        answer(earlier);
        continue;
      }
      const { next, draft } = plan;
      // After prepare: only a caller who may write to the chat learns that the key is taken.
      if (stored) throw idempotencyKeyReused();
      const clientKey = a.clientMessageId === undefined ? {} : { clientMessageId: a.clientMessageId };
      // One stored write per chat and group: the version moves once, however many appends the chat had.
      const result = appendTo(deps, cur, next, [{ ...draft, id, ...clientKey }], at, locked.get(key)!.version + 1);
      current.set(key, result.chat);
      written.push({ before: cur, ...result });
      const soFar = given.get(key);
      if (soFar) soFar.push(...result.events);
      else given.set(key, [...result.events]);
      outcomes.push({ ok: true, value: { chat: result.chat, event: result.events[0]! } });
    } catch (error) {
      if (!(error instanceof ParleyError)) throw error;
      unwritten = true;
      outcomes.push({ ok: false, error });
    }
  }

  if (unread && (unwritten || [...current].some(([key, chat]) => chat !== locked.get(key) && !onlyAppends(locked.get(key)!, chat)))) {
    // An append refused (or answered) by a kept chat must have been refused by the chat as stored; a change beyond
    // appends is written by statements of its own. Either way the chats are locked first, in order, and must still
    // be the kept ones.
    const stored = new Map<string, Chat>();
    await lockChats(tx, accounts, idsByAccount, known, stored);
    if ([...locked].some(([key, chat]) => stored.get(key) !== chat)) throw new StaleKnownChats();
  }
  const advances = new Map<Id, ChatAdvance[]>();
  for (const [key, chat] of current) {
    const before = locked.get(key)!;
    if (chat === before) continue;
    if (onlyAppends(before, chat)) {
      const list = advances.get(chat.accountId) ?? [];
      list.push({ chat, expectedVersion: before.version });
      advances.set(chat.accountId, list);
    } else if (!(await tx.chats.update(chat, before.version))) throw unread ? new StaleKnownChats() : lostRace();
  }
  for (const [accountId, list] of advances)
    if ((await tx.chats.advanceMany(accountId, list)) !== list.length) throw unread ? new StaleKnownChats() : lostRace();
  await tx.chatEvents.appendMany(written.flatMap((w) => w.events));
  for (const w of written) {
    for (const e of w.events) emit(chatDomainEvent(w.chat, e));
    // Integrations: outbox rows for what this append means to them (the first agent reply), in this same transaction.
    await enqueueForChatWrite(tx, deps, w.before, w.chat, w.events, emit);
  }
  return { outcomes, chats: [...current.values()] };
};
