import {
  StorageConflictError,
  type AgentPresence,
  type AgentPresenceRepository,
  type Chat,
  type ChatEvent,
  type ChatEventRepository,
  type ChatListFilter,
  type ChatReportFact,
  type ChatRepository,
  type ChatSearchHit,
  hitOf,
  type Id,
  listsByStart,
  type Page,
  type PageRequest,
  startedCursor,
} from '@parley/core';
import { type WriteScope, copy, cmp, firstAfter } from './scope.js';

/** The chat tables of the memory store. */
export class ChatTables {
  readonly chats = new Map<Id, Chat>();
  readonly chatIdsByAccount = new Map<Id, Set<Id>>();
  readonly chatIdByToken = new Map<string, Id>();
  /** Per chat, its events in `seq` order. */
  readonly events = new Map<Id, ChatEvent[]>();
  /** Keyed `<accountId>/<userId>`. */
  readonly presence = new Map<string, AgentPresence>();
  /** Rolled-up report days, keyed `<accountId>/<timeZone>/<day>`. */
  readonly reportDays = new Map<string, Uint8Array>();
}

/**
 * The page of {@link ChatRepository.list} over `rows`, each of which is about the chat `chatOf` gives; `byStart`
 * when the list is by start ({@link listsByStart}), else by id (as search always is).
 */
const newestFirst = <T>(
  rows: Iterable<T>,
  chatOf: (row: T) => Chat,
  filter: ChatListFilter,
  page: PageRequest,
  out: (row: T) => T,
  byStart = false,
): Page<T> => {
  const ws = filter.widgetIds ? new Set(filter.widgetIds) : null;
  const after = byStart && page.cursor ? startedCursor.parse(page.cursor) : null;
  const cursor = byStart ? null : (page.cursor ?? null);
  const kept: T[] = [];
  for (const row of rows) {
    const c = chatOf(row);
    if (ws && !ws.has(c.widgetId)) continue;
    if (filter.agentId !== undefined && c.agentId !== filter.agentId) continue;
    if (filter.status !== undefined && c.status !== filter.status) continue;
    if (filter.labelId !== undefined && !c.labels.includes(filter.labelId)) continue;
    if (filter.visitorKey !== undefined && c.visitor.key !== filter.visitorKey) continue;
    if (filter.handled !== undefined && (c.kind !== 'offline' || (c.handledAt !== null) !== filter.handled)) continue;
    if (filter.from !== undefined && c.createdAt < filter.from) continue;
    if (filter.to !== undefined && c.createdAt > filter.to) continue;
    if (filter.updatedAfter !== undefined && !(c.updatedAt > filter.updatedAfter)) continue;
    if (filter.updatedBefore !== undefined && !(c.updatedAt < filter.updatedBefore)) continue;
    if (filter.closedAfter !== undefined && !(c.closedAt !== null && c.closedAt > filter.closedAfter)) continue;
    if (cursor !== null && !(c.id < cursor)) continue;
    if (after !== null && !(c.createdAt < after.createdAt || (c.createdAt === after.createdAt && c.id < after.id))) continue;
    kept.push(row);
  }
  kept.sort((a, b) => (byStart ? cmp(chatOf(b).createdAt, chatOf(a).createdAt) : 0) || cmp(chatOf(b).id, chatOf(a).id));
  const limit = Math.max(0, Math.floor(page.limit));
  const items = kept.slice(0, limit);
  const last = items[items.length - 1];
  const cursorOf = (c: Chat) => (byStart ? startedCursor.of(c) : c.id);
  return { items: items.map(out), nextCursor: kept.length > limit && last ? cursorOf(chatOf(last)) : null };
};

const chatsRepo = (s: WriteScope, t: ChatTables): ChatRepository => {
  const find = (accountId: Id, id: Id): Chat | null => {
    const c = t.chats.get(id);
    return c && c.accountId === accountId ? c : null;
  };
  const ofAccount = function* (accountId: Id): Generator<Chat> {
    for (const id of t.chatIdsByAccount.get(accountId) ?? []) {
      const c = t.chats.get(id);
      if (c) yield c;
    }
  };
  /** The account's chats among `ids`, each once, in id order: what lockMany and lockVersions answer of. */
  const locked = (accountId: Id, ids: readonly Id[]): Chat[] => {
    s.check(); // as for lock: reading is locking
    const rows: Chat[] = [];
    for (const id of new Set(ids)) {
      const c = find(accountId, id);
      if (c) rows.push(c);
    }
    return rows.sort((a, b) => cmp(a.id, b.id));
  };
  return {
    async insert(chat) {
      s.checkWrite('chats.insert');
      if (t.chats.has(chat.id)) throw new StorageConflictError('chats.id');
      if (t.chatIdByToken.has(chat.visitorTokenHash)) throw new StorageConflictError('chats.visitor_token_hash');
      s.mapSet(t.chats, chat.id, copy(chat));
      s.mapSet(t.chatIdByToken, chat.visitorTokenHash, chat.id);
      s.indexAdd(t.chatIdsByAccount, chat.accountId, chat.id);
      s.mapSet(t.events, chat.id, []);
    },
    async get(accountId, id) {
      s.check();
      const c = find(accountId, id);
      return c ? copy(c) : null;
    },
    async findByVisitorTokenHash(tokenHash) {
      s.check();
      const id = t.chatIdByToken.get(tokenHash);
      const c = id === undefined ? undefined : t.chats.get(id);
      return c ? copy(c) : null;
    },
    async lock(accountId, id) {
      // Transactions run one at a time: reading is locking.
      s.check();
      const c = find(accountId, id);
      return c ? copy(c) : null;
    },
    async update(chat, expectedVersion) {
      s.checkWrite('chats.update');
      const cur = find(chat.accountId, chat.id);
      if (!cur || cur.version !== expectedVersion) return false;
      if (chat.visitorTokenHash !== cur.visitorTokenHash) throw new Error('MemoryStorage: a chat’s visitor token never changes');
      s.mapSet(t.chats, chat.id, { ...copy(chat), version: expectedVersion + 1 });
      return true;
    },
    async deleteMany(accountId, ids) {
      s.checkWrite('chats.deleteMany');
      let deleted = 0;
      for (const id of new Set(ids)) {
        const c = find(accountId, id);
        if (!c) continue;
        s.mapDelete(t.chats, id);
        s.mapDelete(t.chatIdByToken, c.visitorTokenHash);
        s.mapDelete(t.events, id);
        s.indexDelete(t.chatIdsByAccount, accountId, id);
        deleted++;
      }
      return deleted;
    },
    async advance(chat, expectedVersion) {
      s.checkWrite('chats.advance');
      const cur = find(chat.accountId, chat.id);
      if (!cur || cur.version !== expectedVersion) return false;
      s.mapSet(t.chats, chat.id, { ...cur, lastSeq: chat.lastSeq, updatedAt: chat.updatedAt, version: expectedVersion + 1 });
      return true;
    },
    async lockMany(accountId, ids) {
      return locked(accountId, ids).map(copy);
    },
    async lockVersions(accountId, ids) {
      return locked(accountId, ids).map((c) => ({ id: c.id, version: c.version }));
    },
    async advanceMany(accountId, changes) {
      s.checkWrite('chats.advanceMany');
      // A chat twice would make the answer depend on the order of the changes; SQL stores only one of them.
      if (new Set(changes.map((c) => c.chat.id)).size !== changes.length)
        throw new Error('MemoryStorage: chats.advanceMany with a chat given twice');
      let stored = 0;
      for (const { chat, expectedVersion } of changes) {
        const cur = find(accountId, chat.id);
        if (!cur || cur.version !== expectedVersion) continue;
        s.mapSet(t.chats, chat.id, { ...cur, lastSeq: chat.lastSeq, updatedAt: chat.updatedAt, version: expectedVersion + 1 });
        stored++;
      }
      return stored;
    },
    async lockRouting() {
      s.check(); // transactions already run one at a time
    },
    async listQueued(accountId, widgetIds, limit) {
      s.check();
      const ws = new Set(widgetIds);
      const rows: Chat[] = [];
      for (const c of ofAccount(accountId)) if (c.status === 'queued' && ws.has(c.widgetId)) rows.push(c);
      rows.sort((a, b) => cmp(a.queuedAt ?? '', b.queuedAt ?? '') || cmp(a.id, b.id));
      return rows.slice(0, Math.max(0, limit)).map(copy);
    },
    async countQueued(accountId, widgetIds) {
      s.check();
      const ws = new Set(widgetIds);
      const out: Record<Id, number> = {};
      for (const c of ofAccount(accountId)) if (c.status === 'queued' && ws.has(c.widgetId)) out[c.widgetId] = (out[c.widgetId] ?? 0) + 1;
      return out;
    },
    async queuePosition(accountId, chat) {
      s.check();
      const at = chat.queuedAt ?? '';
      let before = 0;
      for (const c of ofAccount(accountId))
        if (c.status === 'queued' && c.widgetId === chat.widgetId && (cmp(c.queuedAt ?? '', at) || cmp(c.id, chat.id)) < 0) before++;
      return before + 1;
    },
    async listActiveByAgent(accountId, agentId) {
      s.check();
      const rows: Chat[] = [];
      for (const c of ofAccount(accountId)) if (c.status === 'active' && c.agentId === agentId) rows.push(c);
      rows.sort((a, b) => cmp(a.assignedAt ?? '', b.assignedAt ?? '') || cmp(a.id, b.id));
      return rows.map(copy);
    },
    async countActiveByAgent(accountId, agentIds) {
      s.check();
      const as = new Set(agentIds);
      const out: Record<Id, number> = {};
      for (const c of ofAccount(accountId))
        if (c.status === 'active' && c.agentId && as.has(c.agentId)) out[c.agentId] = (out[c.agentId] ?? 0) + 1;
      return out;
    },
    async list(accountId, filter: ChatListFilter, page: PageRequest): Promise<Page<Chat>> {
      s.check();
      return newestFirst(ofAccount(accountId), (c) => c, filter, page, copy, listsByStart(filter));
    },
    async reportFacts(accountId, range) {
      s.check();
      const facts: ChatReportFact[] = [];
      for (const c of ofAccount(accountId)) {
        if (c.createdAt < range.from || c.createdAt >= range.to || (range.widgetId !== undefined && c.widgetId !== range.widgetId))
          continue;
        const { widgetId, agentId, kind, status, createdAt, queuedAt, assignedAt, firstAgentReplyAt, closedAt, survey } = c;
        facts.push({
          widgetId,
          agentId,
          kind,
          status,
          createdAt,
          queuedAt,
          assignedAt,
          firstAgentReplyAt,
          closedAt,
          surveyScore: survey?.score ?? null,
        });
      }
      return facts;
    },
    async reportDays(accountId, timeZone, from, to) {
      s.check();
      const days = [];
      const prefix = `${accountId}/${timeZone}/`;
      for (const [key, figures] of t.reportDays) {
        if (!key.startsWith(prefix)) continue;
        const day = key.slice(prefix.length);
        if (day >= from && day <= to) days.push({ day, figures: figures.slice() });
      }
      return days;
    },
    async saveReportDays(accountId, timeZone, days) {
      s.checkWrite('chats.saveReportDays');
      for (const { day, figures } of days) {
        const key = `${accountId}/${timeZone}/${day}`;
        if (!t.reportDays.has(key)) s.mapSet(t.reportDays, key, figures.slice());
      }
    },
    async forgetReportDays(accountId, days) {
      s.checkWrite('chats.forgetReportDays');
      const forgotten = new Set(days);
      for (const key of [...t.reportDays.keys()]) {
        if (!key.startsWith(`${accountId}/`)) continue;
        if (forgotten.has(key.slice(key.lastIndexOf('/') + 1))) s.mapDelete(t.reportDays, key);
      }
    },
    async search(accountId, terms, filter, page) {
      s.check();
      const matching = function* (): Generator<ChatSearchHit> {
        for (const chat of ofAccount(accountId)) {
          const events = t.events.get(chat.id) ?? [];
          const newestTexts = function* () {
            for (let i = events.length - 1; i >= 0; i--) yield events[i]!.text;
          };
          const hit = hitOf(chat, newestTexts(), terms);
          if (hit) yield hit;
        }
      };
      return newestFirst(
        matching(),
        (hit) => hit.chat,
        filter,
        page,
        (hit) => ({ chat: copy(hit.chat), message: hit.message }),
      );
    },
  };
};

const chatEventsRepo = (s: WriteScope, t: ChatTables): ChatEventRepository => {
  /** The stored events of `event`'s chat, which must be a chat of `event`'s account. */
  const storedOf = (event: ChatEvent, method: string): readonly ChatEvent[] => {
    const chat = t.chats.get(event.chatId);
    if (!chat || chat.accountId !== event.accountId)
      throw new Error(`MemoryStorage: chatEvents.${method} for unknown chat ${event.chatId}`);
    return t.events.get(event.chatId) ?? [];
  };
  const outOfOrder = (method: string, seq: number, lastSeq: number) =>
    new Error(`MemoryStorage: chatEvents.${method} out of order (${seq} after ${lastSeq})`);
  /** Adds a checked event at the end of its chat's list. */
  const store = (event: ChatEvent) => {
    let list = t.events.get(event.chatId);
    if (!list) {
      list = [];
      s.mapSet(t.events, event.chatId, list);
    }
    const stored = copy(event);
    const l = list;
    l.push(stored);
    s.onUndo(() => {
      const i = l.indexOf(stored);
      if (i >= 0) l.splice(i, 1);
    });
  };
  /** The stored event of the chat with this client message id, if any. */
  const withClientMessageId = (list: readonly ChatEvent[], clientMessageId: string | undefined): ChatEvent | undefined =>
    clientMessageId === undefined ? undefined : list.find((e) => e.clientMessageId === clientMessageId);
  /** The stored event of a chat of the account, found by `pick`, as a copy; null for another account's chat. */
  const findIn = (accountId: Id, chatId: Id, pick: (list: readonly ChatEvent[]) => ChatEvent | undefined): ChatEvent | null => {
    s.check();
    const chat = t.chats.get(chatId);
    if (!chat || chat.accountId !== accountId) return null;
    const found = pick(t.events.get(chatId) ?? []);
    return found ? copy(found) : null;
  };
  return {
    async append(event) {
      s.checkWrite('chatEvents.append');
      const list = storedOf(event, 'append');
      const lastSeq = list[list.length - 1]?.seq ?? 0;
      if (list.some((e) => e.seq === event.seq)) throw new StorageConflictError('chat_events.seq');
      if (withClientMessageId(list, event.clientMessageId)) throw new StorageConflictError('chat_events.client_message_id');
      if (event.seq < lastSeq) throw outOfOrder('append', event.seq, lastSeq);
      store(event);
    },
    async appendMany(events) {
      s.checkWrite('chatEvents.appendMany');
      // Every check comes before the first write, so that a collision stores none of the events; collisions
      // first, as a database reports them whatever the order.
      const given = new Set<string>();
      const givenKeys = new Set<string>();
      for (const event of events) {
        const key = `${event.chatId}/${event.seq}`;
        const list = storedOf(event, 'appendMany');
        if (given.has(key) || list.some((e) => e.seq === event.seq)) throw new StorageConflictError('chat_events.seq');
        given.add(key);
        if (event.clientMessageId === undefined) continue;
        const clientKey = `${event.chatId}/${event.clientMessageId}`;
        if (givenKeys.has(clientKey) || withClientMessageId(list, event.clientMessageId))
          throw new StorageConflictError('chat_events.client_message_id');
        givenKeys.add(clientKey);
      }
      const lastSeqs = new Map<Id, number>();
      for (const event of events) {
        const list = storedOf(event, 'appendMany');
        const lastSeq = lastSeqs.get(event.chatId) ?? list[list.length - 1]?.seq ?? 0;
        if (event.seq < lastSeq) throw outOfOrder('appendMany', event.seq, lastSeq);
        lastSeqs.set(event.chatId, event.seq);
      }
      for (const event of events) store(event);
    },
    async list(accountId, chatId, afterSeq, limit) {
      s.check();
      const chat = t.chats.get(chatId);
      if (!chat || chat.accountId !== accountId) return [];
      const list = t.events.get(chatId) ?? [];
      const lo = firstAfter(list, afterSeq);
      return list.slice(lo, lo + Math.max(0, limit)).map(copy);
    },
    async get(accountId, chatId, id) {
      return findIn(accountId, chatId, (list) => list.find((e) => e.id === id));
    },
    async findByClientMessageId(accountId, chatId, clientMessageId) {
      return findIn(accountId, chatId, (list) => withClientMessageId(list, clientMessageId));
    },
  };
};

const presenceRepo = (s: WriteScope, t: ChatTables): AgentPresenceRepository => {
  const key = (accountId: Id, userId: Id) => `${accountId}/${userId}`;
  return {
    async get(accountId, userId) {
      s.check();
      const p = t.presence.get(key(accountId, userId));
      return p ? copy(p) : null;
    },
    async put(presence, expectedVersion) {
      s.checkWrite('presence.put');
      const k = key(presence.accountId, presence.userId);
      const cur = t.presence.get(k);
      if ((cur?.version ?? 0) !== expectedVersion) return false;
      // A reason of null is stored as none, so it reads back absent as from SQL.
      const { reason, ...rest } = copy(presence);
      s.mapSet(t.presence, k, { ...rest, ...(reason == null ? {} : { reason }), version: expectedVersion + 1 });
      return true;
    },
    async list(accountId, userIds) {
      s.check();
      const out: AgentPresence[] = [];
      for (const id of new Set(userIds)) {
        const p = t.presence.get(key(accountId, id));
        if (p) out.push(copy(p));
      }
      return out.sort((a, b) => cmp(a.userId, b.userId));
    },
    async listActive(accountId) {
      s.check();
      const out: AgentPresence[] = [];
      for (const p of t.presence.values()) if (p.accountId === accountId && p.status !== 'offline') out.push(copy(p));
      return out.sort((a, b) => cmp(a.userId, b.userId));
    },
  };
};

/** The chat repositories over the memory store's scope. */
export const chatRepositories = (s: WriteScope, t: ChatTables) => ({
  chats: chatsRepo(s, t),
  chatEvents: chatEventsRepo(s, t),
  presence: presenceRepo(s, t),
});
