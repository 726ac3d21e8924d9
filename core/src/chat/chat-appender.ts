import { notFound, ParleyError } from '../errors.js';
import type { Chat, ChatEvent } from '../model/chat.js';
import type { Id, Instant } from '../model/types.js';
import type { ChatAdvance } from '../ports/chat-storage.js';
import type { Repositories } from '../ports/storage.js';
import { isoNow } from '../ports/system.js';
import { commit, type CoreDeps, type Emit } from '../services/context.js';
import { enqueueForChatWrite } from '../services/integration-outbox.js';
import { lostRace } from '../services/shared.js';
import { appendTo, chatDomainEvent, onlyAppends, type ChatEventDraft } from './chat-writes.js';

/** One append to a chat (a message), as {@link ChatAppender.append} takes it. */
export interface ChatAppend {
  readonly accountId: Id;
  readonly chatId: Id;
  /**
   * Checks the chat, locked, and says what to write: the chat as it is to be (`cur` itself for a plain
   * message) and the events. Throw a {@link ParleyError} to refuse this append alone. It may read through
   * `tx` but must not write; `at` is the time the append is stored with.
   */
  prepare(tx: Repositories, cur: Chat, at: Instant): Promise<AppendPlan> | AppendPlan;
}

export interface AppendPlan {
  readonly next: Chat;
  readonly drafts: readonly ChatEventDraft[];
}

/** What an append stored: the chat after it and its events (with their `seq`). */
export interface AppendResult {
  readonly chat: Chat;
  readonly events: readonly ChatEvent[];
}

export interface ChatAppenderOptions {
  /** Most appends written in one transaction. Default 128. */
  readonly maxBatch?: number;
  /** Runs `fn` once pending I/O has had its turn (default `setImmediate`), so that requests that arrive together are written together. */
  readonly defer?: (fn: () => void) => void;
}

interface Pending {
  readonly append: ChatAppend;
  readonly resolve: (r: AppendResult) => void;
  readonly reject: (e: unknown) => void;
}

type Outcome = { readonly ok: true; readonly value: AppendResult } | { readonly ok: false; readonly error: ParleyError };

const DEFAULT_MAX_BATCH = 128;
const defaultDefer = (fn: () => void): void => {
  if (typeof setImmediate === 'function') setImmediate(fn);
  else setTimeout(fn, 0);
};

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
 * a {@link ParleyError}, and its events are published after commit. When a group fails as a whole (the
 * database refuses it), its appends are written again one by one, so one bad append never fails others.
 */
export class ChatAppender {
  private readonly waiting: Pending[] = [];
  private scheduled = false;
  private running = false;
  private readonly maxBatch: number;
  private readonly defer: (fn: () => void) => void;

  constructor(
    private readonly deps: Pick<CoreDeps, 'storage' | 'events' | 'ids' | 'clock' | 'config'>,
    options: ChatAppenderOptions = {},
  ) {
    this.maxBatch = Math.max(1, options.maxBatch ?? DEFAULT_MAX_BATCH);
    this.defer = options.defer ?? defaultDefer;
  }

  /** Writes one append (with others that arrive with it); resolves once it is committed and published. */
  append(append: ChatAppend): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.waiting.push({ append, resolve, reject });
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
      await this.write(this.waiting.splice(0, this.maxBatch));
    } finally {
      this.running = false;
      this.schedule();
    }
  }

  private async write(group: readonly Pending[]): Promise<void> {
    let outcomes: readonly Outcome[];
    try {
      outcomes = await commit(this.deps, (tx, emit) => writeGroup(tx, this.deps, group.map((p) => p.append), emit));
    } catch (error) {
      if (group.length === 1) group[0]!.reject(error);
      else for (const p of group) await this.write([p]);
      return;
    }
    outcomes.forEach((o, i) => (o.ok ? group[i]!.resolve(o.value) : group[i]!.reject(o.error)));
  }
}

const keyOf = (accountId: Id, chatId: Id): string => `${accountId}\u0000${chatId}`;

/** One group in one transaction (see {@link ChatAppender}); answers each append's outcome, in order. */
const writeGroup = async (
  tx: Repositories,
  deps: Pick<CoreDeps, 'ids' | 'clock' | 'config'>,
  appends: readonly ChatAppend[],
  emit: Emit,
): Promise<Outcome[]> => {
  const at = isoNow(deps.clock);
  const idsByAccount = new Map<Id, Set<Id>>();
  for (const a of appends) {
    const ids = idsByAccount.get(a.accountId) ?? new Set<Id>();
    ids.add(a.chatId);
    idsByAccount.set(a.accountId, ids);
  }
  // Accounts in a fixed order, each account's chats in id order: two groups never wait on each other in a cycle.
  const locked = new Map<string, Chat>();
  for (const accountId of [...idsByAccount.keys()].sort()) {
    for (const chat of await tx.chats.lockMany(accountId, [...idsByAccount.get(accountId)!])) locked.set(keyOf(accountId, chat.id), chat);
  }

  const current = new Map(locked);
  const outcomes: Outcome[] = [];
  const written: { before: Chat; chat: Chat; events: readonly ChatEvent[] }[] = [];
  for (const a of appends) {
    const key = keyOf(a.accountId, a.chatId);
    const cur = current.get(key);
    try {
      if (!cur) throw notFound('Chat');
      const { next, drafts } = await a.prepare(tx, cur, at);
      // One stored write per chat and group: the version moves once, however many appends the chat had.
      const result = appendTo(deps, cur, next, drafts, at, locked.get(key)!.version + 1);
      current.set(key, result.chat);
      written.push({ before: cur, ...result });
      outcomes.push({ ok: true, value: result });
    } catch (error) {
      if (!(error instanceof ParleyError)) throw error;
      outcomes.push({ ok: false, error });
    }
  }

  const advances = new Map<Id, ChatAdvance[]>();
  for (const [key, chat] of current) {
    const before = locked.get(key)!;
    if (chat === before) continue;
    if (onlyAppends(before, chat)) {
      const list = advances.get(chat.accountId) ?? [];
      list.push({ chat, expectedVersion: before.version });
      advances.set(chat.accountId, list);
    } else if (!(await tx.chats.update(chat, before.version))) throw lostRace();
  }
  for (const [accountId, list] of advances) if ((await tx.chats.advanceMany(accountId, list)) !== list.length) throw lostRace();
  await tx.chatEvents.appendMany(written.flatMap((w) => w.events));
  for (const w of written) {
    for (const e of w.events) emit(chatDomainEvent(w.chat, e));
    // Integrations: outbox rows for what this append means to them (the first agent reply), in this same transaction.
    await enqueueForChatWrite(tx, deps, w.before, w.chat, w.events, emit);
  }
  return outcomes;
};
