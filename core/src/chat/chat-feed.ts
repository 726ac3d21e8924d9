import type { ChatEvent, ChatStatus, Chat, QueueStatus } from '../model/chat.js';
import type { Id, Instant } from '../model/types.js';
import type { DomainEvent, EventBus } from '../ports/event-bus.js';
import { isoNow, type Clock } from '../ports/system.js';
import type { Principal, VisitorPrincipal } from '../runtime/context.js';
import type { StreamPresence } from './stream-presence.js';
import { storedEventOf, topics } from './chat-writes.js';

/**
 * Feeds: what a real-time stream (SSE, WebSocket...) sends, independent of the transport.
 *
 * A feed subscribes to the bus first, then replays stored events from storage, then forwards live ones,
 * de-duplicating by `seq` and filling any gap from storage, so its client gets every stored event of
 * its chats exactly once, in `seq` order, whatever the order events are published in. When the bus
 * announces a gap (`EventBus.onGap`: events may have been lost), the feed catches up from storage as it
 * does on open, from where it is. Ephemeral events (queue position, sneak peek, agent status) carry no id
 * and are never replayed.
 */

/** One thing to send. `id` is what the client echoes back to resume (SSE `id:`), null for ephemeral events. */
export interface FeedItem {
  readonly id: string | null;
  readonly event: string;
  readonly data: unknown;
}

export interface Feed {
  /** Stops the feed (unsubscribes). Idempotent. */
  close(): void;
}

export interface FeedOptions {
  /** Called once if the feed fails (storage unreachable...); the transport should end the stream. */
  readonly onError?: (err: unknown) => void;
}

const REPLAY_PAGE = 500;

const STATUS_AFTER: Partial<Record<string, ChatStatus>> = {
  'chat.queued': 'queued',
  'chat.assigned': 'active',
  'chat.transferred': 'active',
  'chat.closed': 'closed',
  'chat.abandoned': 'abandoned',
  'chat.offline': 'offline',
};

/** Runs tasks one at a time, in order; the first failure stops the rest and is reported. */
const serial = (onError: (err: unknown) => void) => {
  let chain: Promise<void> = Promise.resolve();
  let failed = false;
  return (task: () => Promise<void> | void) => {
    chain = chain.then(async () => {
      if (failed) return;
      try {
        await task();
      } catch (err) {
        failed = true;
        onError(err);
      }
    });
  };
};

/** What a feed reads of the chats (`ChatService` is one). */
export interface FeedChats {
  eventsAfter(accountId: Id, chatId: Id, afterSeq: number, limit?: number): Promise<ChatEvent[]>;
  current(accountId: Id, chatId: Id): Promise<Chat | null>;
  queueStatus(accountId: Id, chatId: Id): Promise<QueueStatus | null>;
  activeChatsOf(p: Principal): Promise<Chat[]>;
  closedSince(p: Principal, after: Instant, limit: number): Promise<Chat[]>;
  /** Visitors' streams: a feed says when it opens and closes. */
  readonly visitors: StreamPresence;
  /** A visitor's stream opened on their open chat: records that they came back, if they had been recorded gone. */
  visitorReturned(accountId: Id, chatId: Id): Promise<void>;
}

/** What an agent's feed tells of the agent's presence (`PresenceService` is one). */
export interface FeedPresence {
  readonly connections: StreamPresence;
}

/** Keeps only `keys` of an event's data. */
const withData = (e: ChatEvent, keys: readonly string[]): ChatEvent => ({
  ...e,
  data: Object.fromEntries(keys.filter((k) => k in e.data).map((k) => [k, e.data[k]])),
});

/**
 * What a visitor is shown of their chat's stored event: what happened to their chat, by the names they see,
 * without the team's own bookkeeping. Notes, the pages they opened, their comings and goings, labels and handled marks are left out (null), and so are the users'
 * ids and who on the team closed the chat; an assignment or a transfer keeps the agent's name (and a
 * transfer to another widget's queue that widget), a close who ended it (`by`: visitor, agent or system) and,
 * when it closed by itself, after how many quiet minutes (`inactiveMinutes`).
 * Their `seq` stays the stored one, so a stream resumed after a left-out event goes on from it.
 */
export const visitorView = (e: ChatEvent): ChatEvent | null => {
  switch (e.type) {
    case 'chat.note':
    case 'chat.page':
    case 'chat.visitor_left':
    case 'chat.visitor_back':
    case 'chat.labeled':
    case 'chat.handled':
      return null;
    case 'chat.message':
      return e.author?.kind === 'agent' ? { ...e, author: { ...e.author, userId: null } } : e;
    case 'chat.assigned':
      return withData(e, ['agentName']);
    case 'chat.transferred':
      return withData(e, ['agentName', 'toWidgetId', 'widgetName', 'reason']);
    case 'chat.closed':
    case 'chat.abandoned':
      return withData(e, ['by', 'inactiveMinutes']);
    default:
      return e;
  }
};

/**
 * The feed of one chat, for its visitor (who is shown {@link visitorView} of each event) or a user allowed
 * to read it: every stored event after `afterSeq` (SSE id = `seq`), then live ones, `chat.queue` position
 * updates while queued (the current one first, and again after a gap of the bus), and `chat.agent_typing`
 * (`{typing, alias}`) while the agent types. A visitor's feed also tells {@link FeedChats.visitors} when it
 * opens and closes, which drives abandonment of a queued chat and, for an open one, `chat.visitor_left`; one that
 * opens on an open chat whose events it replays end in a departure asks {@link FeedChats.visitorReturned}.
 */
export const openChatFeed = (
  chats: FeedChats,
  events: EventBus,
  viewer: VisitorPrincipal | Principal,
  chatId: Id,
  afterSeq: number,
  sink: (item: FeedItem) => void,
  options: FeedOptions = {},
): Feed => {
  const chat = 'kind' in viewer ? viewer.chat : null;
  const accountId = viewer.accountId;
  let last = afterSeq;
  let status: ChatStatus | null = chat?.status ?? null;
  /** The chat's events read so far say the visitor left the site (`chat.visitor_left`, no `chat.visitor_back` since). */
  let away = false;
  let closed = false;
  const run = serial((err) => {
    feed.close();
    options.onError?.(err);
  });

  const send = (e: ChatEvent) => {
    if (e.seq <= last || closed) return;
    last = e.seq;
    // Passed on to another widget's queue (no agent named), the chat waits again: its place in line is news.
    status = e.type === 'chat.transferred' && e.data.toAgentId === null ? 'queued' : (STATUS_AFTER[e.type] ?? status);
    if (e.type === 'chat.visitor_left') away = true;
    else if (e.type === 'chat.visitor_back') away = false;
    const shown = chat ? visitorView(e) : e;
    if (shown) sink({ id: String(e.seq), event: e.type, data: shown });
  };
  const fill = async () => {
    for (;;) {
      const page = await chats.eventsAfter(accountId, chatId, last, REPLAY_PAGE);
      for (const e of page) send(e);
      if (page.length < REPLAY_PAGE) return;
    }
  };
  const onEvent = (de: DomainEvent) => {
    const stored = storedEventOf(de);
    if (stored) {
      run(async () => {
        if (stored.seq <= last) return;
        if (stored.seq === last + 1) send(stored);
        else await fill(); // something was published out of order: storage has it
      });
    } else if (de.type === 'chat.queue') {
      run(() => {
        if (!closed && status === 'queued') sink({ id: null, event: de.type, data: de.data });
      });
    } else if (de.type === 'chat.agent_typing') {
      run(() => {
        if (!closed) sink({ id: null, event: de.type, data: de.data });
      });
    }
  };

  /** Sends what storage has after `last`, then the current place in the queue if queued. */
  const catchUp = async () => {
    await fill();
    if (status === null) status = (await chats.current(accountId, chatId))?.status ?? null;
    if (status === 'queued') {
      const q = await chats.queueStatus(accountId, chatId);
      if (q && !closed) sink({ id: null, event: 'chat.queue', data: q });
    }
  };

  const unsubscribe = events.subscribe(topics.chat(chatId), onEvent);
  const stopGaps = events.onGap?.(() => run(catchUp));
  const isVisitor = chat !== null;
  if (isVisitor) chats.visitors.opened(accountId, chatId);
  const feed: Feed = {
    close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      stopGaps?.();
      if (isVisitor) chats.visitors.closedStream(accountId, chatId, status === 'queued' || status === 'active');
    },
  };
  run(catchUp);
  // A departure the replay passed is a return now (a visitor's cursor never lies past one: nobody was there to
  // read on). Best effort: the stream goes on whether or not the return could be recorded.
  if (isVisitor)
    run(async () => {
      if (status === 'active' && away) await chats.visitorReturned(accountId, chatId).catch(() => undefined);
    });
  return feed;
};

/**
 * Where an agent stream was: each of the agent's chats and its last `seq`, and the time of the newest
 * event it had sent (so that a reconnect can also find chats that began and ended meanwhile).
 */
export interface AgentCursor {
  readonly chats: ReadonlyMap<Id, number>;
  readonly since: Instant | null;
}

/** No cursor: a fresh start. */
export const NO_AGENT_CURSOR: AgentCursor = { chats: new Map(), since: null };

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A chat id as the cursor writes it: a UUID (as Parley's ids are) as its 16 bytes in 22 base64url
 * characters, any other id as it is (`null`: write the entry as `<id>:<seq>`). Kept per id, since a cursor
 * is written for every event an agent stream sends; forgotten all at once past 10,000 ids.
 */
const compactIds = new Map<Id, string | null>();
const compactChatId = (id: Id): string | null => {
  let compact = compactIds.get(id);
  if (compact !== undefined) return compact;
  compact = null;
  if (UUID.test(id)) {
    const hex = id.replaceAll('-', '');
    // 32 hex digits are 128 bits: 21 groups of 6 bits, then the last 2 bits.
    let bits = 0;
    let value = 0;
    compact = '';
    for (const digit of hex) {
      value = (value << 4) | Number.parseInt(digit, 16);
      bits += 4;
      if (bits >= 6) {
        bits -= 6;
        compact += BASE64URL[(value >> bits) & 63];
      }
    }
    compact += BASE64URL[(value << (6 - bits)) & 63];
  }
  if (compactIds.size >= 10_000) compactIds.clear();
  compactIds.set(id, compact);
  return compact;
};

/** The UUID written as {@link compactChatId} writes it; null when `text` is not 22 base64url characters of one. */
const expandChatId = (text: string): Id | null => {
  let hex = '';
  let bits = 0;
  let value = 0;
  for (const char of text) {
    const sextet = BASE64URL.indexOf(char);
    if (sextet < 0) return null;
    value = ((value << 6) | sextet) & 0xfff;
    bits += 6;
    while (bits >= 4 && hex.length < 32) {
      bits -= 4;
      hex += ((value >> bits) & 15).toString(16);
    }
  }
  if (hex.length !== 32 || (value & ((1 << bits) - 1)) !== 0) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/**
 * The agent stream's resume token, sent as the id of every stored event: an entry per chat, `,` between
 * them, and, when known, `~<ms since epoch>` of the newest event sent; `0` for neither. A chat whose id is a
 * UUID is written as its 22-character compact id followed by its `seq` in base 36 (a third shorter than
 * `<chatId>:<seq>`, which is how any other id is written: the token of an agent with 50 chats goes with
 * every event, and a console's opening replays a thousand of them).
 */
export const encodeAgentCursor = (cursor: AgentCursor): string => {
  // Built in one pass, without an array per call: it runs for every event an agent stream sends.
  let text = '';
  for (const [id, seq] of cursor.chats) {
    const compact = compactChatId(id);
    text += `${text === '' ? '' : ','}${compact === null ? `${id}:${seq}` : compact + seq.toString(36)}`;
  }
  if (cursor.since !== null) text += `${text === '' ? '' : ','}${sinceEntry(cursor.since)}`;
  return text === '' ? '0' : text;
};

/** The cursor's `~<ms>` entry for `since`; the last one is kept, as consecutive events mostly share it. */
let lastSince: { readonly since: Instant; readonly entry: string } | null = null;
const sinceEntry = (since: Instant): string => {
  if (lastSince?.since !== since) lastSince = { since, entry: `~${Date.parse(since)}` };
  return lastSince.entry;
};

const COMPACT_ENTRY = /^([A-Za-z0-9_-]{22})([0-9a-z]{1,8})$/;
const MAX_SEQ = 999_999_999_999;
const MAX_CURSOR_CHATS = 500;
/** Most chats a reconnect replays that began and ended while the agent was away. */
const MAX_FINISHED_REPLAY = 100;

/** Parses an agent cursor; anything malformed counts as no cursor (a fresh start). */
export const decodeAgentCursor = (text: string | null | undefined): AgentCursor => {
  const chats = new Map<Id, number>();
  let since: Instant | null = null;
  if (!text || text === '0' || text.length > MAX_CURSOR_CHATS * 80) return NO_AGENT_CURSOR;
  for (const part of text.split(',')) {
    const p = part.trim();
    const t = /^~(\d{1,15})$/.exec(p);
    if (t && since === null && Number(t[1]) <= 8.64e15) {
      since = new Date(Number(t[1])).toISOString();
      continue;
    }
    const m = /^([A-Za-z0-9_.-]{1,64}):(\d{1,12})$/.exec(p);
    if (m) {
      chats.set(m[1]!, Number(m[2]));
      continue;
    }
    const c = COMPACT_ENTRY.exec(p);
    const id = c ? expandChatId(c[1]!) : null;
    const seq = c ? Number.parseInt(c[2]!, 36) : Number.NaN;
    if (id === null || !(seq <= MAX_SEQ)) return NO_AGENT_CURSOR;
    chats.set(id, seq);
  }
  return { chats, since };
};

/**
 * The agent's feed: the events of every chat assigned to them, multiplexed. Each stored event's id is
 * the agent cursor (see {@link encodeAgentCursor}) after it, so a reconnecting client that sends back
 * the last id it got resumes each chat where it was:
 * - a chat in the cursor that is still the agent's continues after its `seq`;
 * - an open chat of the agent that is not in the cursor (assigned while away, or a fresh start) is sent
 *   from its first event, so the agent gets its whole history;
 * - a chat in the cursor that is no longer the agent's (closed or transferred while away) gets its events
 *   up to the one that took it away, then drops out of the cursor;
 * - a chat of the agent that was closed after the newest event the cursor had seen and is not in it (it
 *   began and ended while the agent was away) is sent whole, up to its close (at most 100 such chats).
 * The cursor also carries the time of that newest event (see {@link AgentCursor}).
 * Live: `chat.assigned`/`chat.transferred` to the agent start a chat (with its history), `chat.closed`,
 * `chat.abandoned` and a transfer away end it. After a gap of the bus the feed catches up the same way,
 * its own position as the cursor (a chat that left the feed before it is not sent again: it was closed
 * no later than the newest event sent), so what the gap lost arrives once. The visitor's rating of one of the
 * agent's chats (`chat.surveyed`, after the chat ended) is forwarded live without an id, and so is `chat.deleted` (`{chatId, widgetId}`)
 * when an owner or admin deletes an ended chat that was theirs. Sneak peeks (`chat.typing`) of the agent's chats and their
 * own `agent.status` changes are forwarded without an id. Once the opening's catch-up is sent, `stream.ready` (no id,
 * `{}`) says that what follows is live. While it is open the agent counts as connected
 * (`presence.connections`): when their last feed closes and none opens within the grace period, they go
 * offline.
 */
export const openAgentFeed = (
  {
    chats,
    presence,
    deps: { events, clock },
  }: { readonly chats: FeedChats; readonly presence: FeedPresence; readonly deps: { readonly events: EventBus; readonly clock: Clock } },
  p: Principal,
  cursor: AgentCursor,
  sink: (item: FeedItem) => void,
  options: FeedOptions = {},
): Feed => {
  const tracked = new Map<Id, number>();
  /** The time of the newest event sent (or the cursor's): where a reconnect looks for chats it missed. */
  let since = cursor.since;
  let closed = false;
  const run = serial((err) => {
    feed.close();
    options.onError?.(err);
  });
  const leaves = (e: ChatEvent) =>
    e.type === 'chat.closed' || e.type === 'chat.abandoned' || (e.type === 'chat.transferred' && e.data.fromAgentId === p.userId);

  const send = (e: ChatEvent) => {
    const last = tracked.get(e.chatId);
    if (closed || last === undefined || e.seq <= last) return;
    if (leaves(e)) tracked.delete(e.chatId);
    else tracked.set(e.chatId, e.seq);
    if (since === null || e.at > since) since = e.at;
    sink({ id: encodeAgentCursor({ chats: tracked, since }), event: e.type, data: e });
  };
  /** Sends the chat's stored events after its cursor; with `untilGone`, stops once the chat has left the agent. */
  const fill = async (chatId: Id, untilGone: boolean) => {
    for (;;) {
      const after = tracked.get(chatId);
      if (after === undefined) return;
      const page = await chats.eventsAfter(p.accountId, chatId, after, REPLAY_PAGE);
      for (const e of page) {
        if (!tracked.has(chatId)) {
          if (untilGone) return;
          tracked.set(chatId, e.seq - 1); // it came back later in its history
        }
        send(e);
      }
      if (page.length < REPLAY_PAGE) return;
    }
  };
  const onEvent = (de: DomainEvent) => {
    const stored = storedEventOf(de);
    if (stored?.type === 'chat.surveyed' || stored?.type === 'chat.handled') {
      // The visitor rates a chat after it left the feed (closed), and an offline request marked handled never
      // was in it, so the cursor has no place for them: they are sent live without an id, and the chat itself
      // (`GET /chats/:id`) has them for later.
      run(() => {
        if (!closed && !tracked.has(stored.chatId)) sink({ id: null, event: stored.type, data: stored });
      });
    } else if (stored) {
      run(async () => {
        if (!tracked.has(stored.chatId)) {
          const c = await chats.current(p.accountId, stored.chatId);
          if (!c || c.agentId !== p.userId || c.status !== 'active') return;
          tracked.set(stored.chatId, 0);
        }
        const last = tracked.get(stored.chatId)!;
        if (stored.seq <= last) return;
        if (stored.seq === last + 1) send(stored);
        else await fill(stored.chatId, false);
      });
    } else if (de.type === 'chat.typing' || de.type === 'agent.status' || de.type === 'chat.deleted') {
      run(() => {
        if (closed) return;
        if (de.type === 'chat.typing' && !tracked.has(String(de.data.chatId))) return;
        sink({ id: null, event: de.type, data: de.data });
      });
    }
  };

  /** Brings the feed from `from` (the client's cursor on open, its own position after a gap) to what storage says. */
  const catchUp = async (from: AgentCursor) => {
    const current = await chats.activeChatsOf(p);
    const currentIds = new Set(current.map((c) => c.id));
    const finished = async (chatId: Id, afterSeq: number) => {
      tracked.set(chatId, afterSeq);
      await fill(chatId, true);
      tracked.delete(chatId);
    };
    for (const [chatId, seq] of from.chats) if (!currentIds.has(chatId)) await finished(chatId, seq);
    if (from.since !== null)
      for (const c of await chats.closedSince(p, from.since, MAX_FINISHED_REPLAY)) if (!from.chats.has(c.id)) await finished(c.id, 0);
    for (const c of current) {
      if (!tracked.has(c.id)) tracked.set(c.id, from.chats.get(c.id) ?? 0);
      await fill(c.id, false);
    }
  };

  const unsubscribe = events.subscribe(topics.agent(p.userId), onEvent);
  /** Where a gap's catch-up looks for chats that began and ended unseen when no event was sent yet. */
  const openedAt = isoNow(clock);
  const stopGaps = events.onGap?.(() => run(() => catchUp({ chats: new Map(tracked), since: since ?? openedAt })));
  presence.connections.opened(p.accountId, p.userId);
  const feed: Feed = {
    close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      stopGaps?.();
      presence.connections.closedStream(p.accountId, p.userId, true);
    },
  };
  run(() => catchUp(cursor));
  // What the opening had to send from storage is sent: what follows is new (a client sounds only for that).
  run(() => {
    if (!closed) sink({ id: null, event: 'stream.ready', data: {} });
  });
  return feed;
};
