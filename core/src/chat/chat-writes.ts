import { ParleyError } from '../errors.js';
import type { Chat, ChatAuthor, ChatEvent, ChatEventType } from '../model/chat.js';
import type { Id, Instant } from '../model/types.js';
import type { DomainEvent } from '../ports/event-bus.js';
import type { Repositories } from '../ports/storage.js';
import { type CoreDeps, type Emit, lostRace } from '../runtime/context.js';
import { enqueueForChatWrite } from '../outbox/integration-outbox.js';

/** An event about to be appended; `seq` and `at` are added when it is, and `id` unless it is given. */
export interface ChatEventDraft {
  /** The event's id when it was fixed beforehand (a message's, so that a write tried again can find it). */
  readonly id?: Id;
  readonly type: ChatEventType;
  readonly author?: ChatAuthor | null;
  readonly text?: string | null;
  readonly data?: Readonly<Record<string, unknown>>;
  readonly clientMessageId?: string;
}

/** Topics of the bus (see docs/ARCHITECTURE.md, "Chat streams"). */
export const topics = {
  account: (id: Id) => `account:${id}`,
  widget: (id: Id) => `widget:${id}`,
  chat: (id: Id) => `chat:${id}`,
  agent: (userId: Id) => `agent:${userId}`,
} as const;

/**
 * The bus event for a stored chat event. `data.event` is the stored {@link ChatEvent} (with its `seq`),
 * so a stream can forward it and de-duplicate by `seq`.
 */
export const chatDomainEvent = (chat: Chat, event: ChatEvent, extraAgents: readonly (Id | null)[] = []): DomainEvent => {
  const agents = new Set<Id>();
  for (const a of [chat.agentId, ...extraAgents]) if (a) agents.add(a);
  return {
    type: event.type,
    accountId: chat.accountId,
    topics: [topics.account(chat.accountId), topics.widget(chat.widgetId), topics.chat(chat.id), ...[...agents].map(topics.agent)],
    at: event.at,
    data: { chatId: chat.id, widgetId: chat.widgetId, agentId: chat.agentId, status: chat.status, seq: event.seq, event },
  };
};

/** Is this bus event a stored chat event (one with a `seq`)? */
export const storedEventOf = (e: DomainEvent): ChatEvent | null => {
  const ev = e.data.event as ChatEvent | undefined;
  return ev && typeof ev.seq === 'number' && typeof ev.chatId === 'string' ? ev : null;
};

/** The fields every append moves; a `next` that differs from `cur` in nothing else is a pure append. */
const APPEND_FIELDS: ReadonlySet<string> = new Set<keyof Chat>(['lastSeq', 'updatedAt', 'version']);

/** Whether `next` is `cur` with at most the append fields changed (nested values compared by reference). */
export const onlyAppends = (cur: Chat, next: Chat): boolean => {
  const keys = Object.keys(next) as (keyof Chat)[];
  if (keys.length !== Object.keys(cur).length) return false;
  for (const k of keys) if (!APPEND_FIELDS.has(k) && next[k] !== cur[k]) return false;
  return true;
};

/**
 * Writes a change to a chat together with its events, inside the caller's transaction. `cur` must be
 * the chat as read by `tx.chats.lock` (or just inserted): the events get `seq = cur.lastSeq + 1...`,
 * the chat is stored with the new `lastSeq` by compare-and-set, and each event is emitted for
 * publication after commit. `extraAgents` are agents who must hear of it besides the chat's (the one a
 * chat was transferred away from).
 */
export const writeChat = async (
  tx: Repositories,
  deps: Pick<CoreDeps, 'ids'>,
  cur: Chat,
  next: Chat,
  drafts: readonly ChatEventDraft[],
  at: Instant,
  emit: Emit,
  extraAgents: readonly (Id | null)[] = [],
): Promise<{ chat: Chat; events: ChatEvent[] }> => {
  const { chat: saved, events } = appendTo(deps, cur, next, drafts, at, cur.version + 1);
  // A write that only appends (a message) stores just lastSeq/updatedAt/version: same compare-and-set, far cheaper.
  const stored = onlyAppends(cur, next) ? await tx.chats.advance(saved, cur.version) : await tx.chats.update(saved, cur.version);
  if (!stored) throw lostRace();
  for (const e of events) await tx.chatEvents.append(e);
  for (const e of events) emit(chatDomainEvent(saved, e, extraAgents));
  // Integrations: outbox rows for what this write means to them, in this same transaction.
  await enqueueForChatWrite(tx, deps, cur, saved, events, emit);
  return { chat: saved, events };
};

/** The events of `drafts`, numbered `firstSeq`, `firstSeq + 1`... */
const eventsOf = (deps: Pick<CoreDeps, 'ids'>, chat: Chat, drafts: readonly ChatEventDraft[], firstSeq: number, at: Instant): ChatEvent[] =>
  drafts.map((d, i) => ({
    id: d.id ?? deps.ids.next(),
    accountId: chat.accountId,
    chatId: chat.id,
    seq: firstSeq + i,
    type: d.type,
    at,
    author: d.author ?? null,
    text: d.text ?? null,
    data: d.data ?? {},
    ...(d.clientMessageId === undefined ? {} : { clientMessageId: d.clientMessageId }),
  }));

/**
 * What appending `drafts` to `cur` makes, before anything is stored: the events (`seq = cur.lastSeq + 1...`)
 * and `next` with the new `lastSeq`, `updatedAt` and the given version.
 */
export const appendTo = (
  deps: Pick<CoreDeps, 'ids'>,
  cur: Chat,
  next: Chat,
  drafts: readonly ChatEventDraft[],
  at: Instant,
  version: number,
): { chat: Chat; events: ChatEvent[] } => {
  const events = eventsOf(deps, cur, drafts, cur.lastSeq + 1, at);
  return { chat: { ...next, lastSeq: cur.lastSeq + events.length, updatedAt: at, version }, events };
};

export const chatClosed = (status: string): ParleyError =>
  new ParleyError('chat_closed', `The chat is ${status}; nothing more can happen in it.`, { meta: { chatStatus: status } });

/** Inserts a new chat with its first events (`seq` 1, 2...), emitting them for after commit. */
export const insertChat = async (
  tx: Repositories,
  deps: Pick<CoreDeps, 'ids'>,
  chat: Chat,
  drafts: readonly ChatEventDraft[],
  emit: Emit,
): Promise<{ chat: Chat; events: ChatEvent[] }> => {
  const events = eventsOf(deps, chat, drafts, 1, chat.createdAt);
  const saved: Chat = { ...chat, lastSeq: events.length };
  await tx.chats.insert(saved);
  for (const e of events) await tx.chatEvents.append(e);
  for (const e of events) emit(chatDomainEvent(saved, e));
  // Integrations: outbox rows for what this write means to them, in this same transaction.
  await enqueueForChatWrite(tx, deps, null, saved, events, emit);
  return { chat: saved, events };
};
