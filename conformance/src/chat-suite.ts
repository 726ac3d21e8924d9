import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  StorageConflictError,
  createParley,
  defaultCoreConfig,
  defaultWidgetSettings,
  EMPTY_GEO,
  newChat,
  type AgentPresence,
  type Chat,
  type ChatEvent,
  type Clock,
  type EventBus,
  type Id,
  type Logger,
  type Page,
  type Principal,
  type Repositories,
  type Storage,
} from '@parley/core';
import { instant, newId, randomHash, seedAccount, seedUser, seedWidget } from './fixtures.js';

/** A queued chat of `widgetId`, with fresh ids and token hash. */
export const buildChat = (accountId: Id, widgetId: Id, overrides: Partial<Chat> = {}): Chat => {
  const chat = newChat(
    {
      id: newId(),
      accountId,
      widgetId,
      visitor: {
        name: 'Vera Visitor',
        email: 'vera@example.test',
        ip: '203.0.113.9',
        userAgent: 'Mozilla/5.0 (conformance)',
        browser: 'Firefox 128',
        os: 'Linux',
        pageUrl: 'https://shop.example/cart?x=1',
        referrerUrl: null,
        language: 'de-DE',
        customVariables: { plan: 'gold', 'order.id': '42', emoji: 'ü ✓' },
        geo: { ...EMPTY_GEO, countryCode: 'DE', country: 'Germany', latitude: 52.52, longitude: 13.405, timezone: 'Europe/Berlin' },
        key: null,
      },
      question: 'Where is my order? ✓',
      proactive: false,
      visitorTokenHash: randomHash(),
    },
    instant(),
  );
  return { ...chat, ...overrides };
};

export const buildChatEvent = (chat: Pick<Chat, 'id' | 'accountId'>, seq: number, overrides: Partial<ChatEvent> = {}): ChatEvent => ({
  id: newId(),
  accountId: chat.accountId,
  chatId: chat.id,
  seq,
  type: 'chat.message',
  at: instant(),
  author: { kind: 'visitor', userId: null, alias: 'Vera' },
  text: `message ${seq}`,
  data: {},
  ...overrides,
});

/**
 * Stores an open chat of `agentId` (assigned, its first event `chat.queued` at seq 1) with a new visitor token,
 * as routing leaves one; answers the chat and the token its visitor authenticates with.
 */
export const seedActiveChat = async (
  storage: Storage,
  accountId: Id,
  widgetId: Id,
  agentId: Id,
): Promise<{ chat: Chat; token: string }> => {
  const token = randomBytes(32).toString('base64url');
  const chat = buildChat(accountId, widgetId, {
    status: 'active',
    agentId,
    assignedAt: instant(),
    visitorTokenHash: createHash('sha256').update(token).digest('hex'),
    lastSeq: 1,
  });
  await storage.transaction(async (r) => {
    await r.chats.insert(chat);
    await r.chatEvents.append(buildChatEvent(chat, 1, { type: 'chat.queued', author: null, text: null }));
  });
  return { chat, token };
};

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const byId = (a: { id: Id }, b: { id: Id }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const pause = (ms = 1): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A clock that moves one millisecond on every reading, so instants taken in sequence are distinct and ordered. */
const tickingClock = (): Clock => {
  let ms = Date.now();
  return { now: () => new Date(++ms) };
};

const silentBus = (): EventBus => ({ publish: async () => {}, subscribe: () => () => {}, close: async () => {} });

/**
 * The core's services over `storage`, with fakes for everything else: a bus that drops events, a clock that
 * moves a millisecond at each reading (or `clock`), plain-text password "hashes", and `logger` if given. For
 * tests that run the real services over a real store (several of them over one database act as several hosts).
 */
export const servicesOver = (storage: Storage, { clock = tickingClock(), logger }: { clock?: Clock; logger?: Logger } = {}) => {
  return createParley({
    storage,
    events: silentBus(),
    clock,
    ...(logger ? { logger } : {}),
    ids: { next: () => randomUUID() },
    hasher: { hash: async (p) => p, verify: async () => false },
    crypto: {
      randomToken: (bytes = 32) => randomBytes(bytes).toString('base64url'),
      sha256: (t) => createHash('sha256').update(t).digest('hex'),
      safeEqual: (a, b) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b)),
      hmacSha256: (key, m) => createHmac('sha256', Buffer.from(key, 'base64')).update(m).digest('base64'),
    },
    config: { ...defaultCoreConfig, chat: { abandonGraceMs: null } },
  });
};

/** Registers the chat tests of the storage conformance suite (called by `describeStorageConformance`). */
export function defineChatTests(storage: () => Storage): void {
  const tx = <T>(fn: (r: Repositories) => Promise<T>): Promise<T> => storage().transaction(fn);
  const read = <T>(fn: (r: Repositories) => Promise<T>): Promise<T> => storage().read(fn);
  const insertChat = async (chat: Chat, events: ChatEvent[] = []) => {
    await tx(async (r) => {
      await r.chats.insert(chat);
      for (const e of events) await r.chatEvents.append(e);
    });
    return chat;
  };
  /** Inserts chats in one transaction and answers them in id order, the order `lockMany` answers in. */
  const insertChats = async (chats: readonly Chat[]): Promise<Chat[]> => {
    await tx(async (r) => {
      for (const c of chats) await r.chats.insert(c);
    });
    return [...chats].sort(byId);
  };
  /** What `advanceMany` is given to move `chat` on from the version it holds. */
  const advanceOf = (chat: Chat, lastSeq: number, updatedAt = instant()) => ({
    chat: { ...chat, lastSeq, updatedAt },
    expectedVersion: chat.version,
  });
  const setup = async () => {
    const account = await seedAccount(storage());
    const widget = await seedWidget(storage(), account.id);
    return { account, widget };
  };

  describe('chats', () => {
    it('round-trips a chat with its visitor, geo, custom variables and proactive flag, by id, lock and token hash', async () => {
      const { account, widget } = await setup();
      const chat = await insertChat(
        buildChat(account.id, widget.id, {
          status: 'closed',
          agentId: newId(),
          assignedAt: instant(1000),
          firstAgentReplyAt: instant(2000),
          closedAt: instant(3000),
          closedBy: 'agent',
          closedByUserId: newId(),
          transfers: [{ fromAgentId: newId(), toAgentId: newId(), byUserId: newId(), at: instant(1500) }],
          proactive: true,
          lastSeq: 0,
        }),
      );
      const offline = await insertChat(
        buildChat(account.id, widget.id, {
          kind: 'offline',
          status: 'offline',
          queuedAt: null,
          visitor: { ...buildChat(account.id, widget.id).visitor, geo: EMPTY_GEO, name: null },
        }),
      );
      await read(async (r) => {
        expect(await r.chats.get(account.id, chat.id)).toEqual(chat);
        expect(await r.chats.get(account.id, offline.id)).toEqual(offline);
        expect(await r.chats.findByVisitorTokenHash(chat.visitorTokenHash)).toEqual(chat);
      });
      expect(await tx((r) => r.chats.lock(account.id, chat.id))).toEqual(chat);
    });

    it('answers null for an unknown chat or token, and hides chats from other accounts', async () => {
      const { account, widget } = await setup();
      const other = await seedAccount(storage());
      const chat = await insertChat(buildChat(account.id, widget.id));
      await read(async (r) => {
        expect(await r.chats.get(account.id, newId())).toBeNull();
        expect(await r.chats.get(other.id, chat.id)).toBeNull();
        expect(await r.chats.findByVisitorTokenHash(randomHash())).toBeNull();
        expect(await r.chatEvents.list(other.id, chat.id, 0, 10)).toEqual([]);
      });
      expect(await tx((r) => r.chats.lock(other.id, chat.id))).toBeNull();
    });

    it('rejects a duplicate id or visitor token hash, keeping nothing of that transaction', async () => {
      const { account, widget } = await setup();
      const chat = await insertChat(buildChat(account.id, widget.id));
      const sameToken = buildChat(account.id, widget.id, { visitorTokenHash: chat.visitorTokenHash });
      const e1 = await tx((r) => r.chats.insert(sameToken)).catch((e: unknown) => e);
      expect(e1).toBeInstanceOf(StorageConflictError);
      expect((e1 as StorageConflictError).constraint).toBe('chats.visitor_token_hash');
      const e2 = await tx((r) => r.chats.insert(buildChat(account.id, widget.id, { id: chat.id }))).catch((e: unknown) => e);
      expect((e2 as StorageConflictError).constraint).toBe('chats.id');
      expect(await read((r) => r.chats.get(account.id, sameToken.id))).toBeNull();
    });

    it('updates with compare-and-set, storing version = expectedVersion + 1', async () => {
      const { account, widget } = await setup();
      const chat = await insertChat(buildChat(account.id, widget.id));
      const agentId = newId();
      const next: Chat = { ...chat, status: 'active', agentId, assignedAt: instant(5), lastSeq: 3, version: 99 };
      expect(await tx((r) => r.chats.update(next, chat.version))).toBe(true);
      expect(await read((r) => r.chats.get(account.id, chat.id))).toEqual({ ...next, version: chat.version + 1 });
      expect(await tx((r) => r.chats.update({ ...next, status: 'closed' }, chat.version))).toBe(false);
      expect((await read((r) => r.chats.get(account.id, chat.id)))?.status).toBe('active');
    });

    it('advances lastSeq and updatedAt with compare-and-set, leaving every other stored field as it is', async () => {
      const { account, widget } = await setup();
      const chat = await insertChat(buildChat(account.id, widget.id));
      const at = instant(7);
      // Whatever else the argument holds is not written.
      const moved: Chat = {
        ...chat,
        status: 'closed',
        agentId: newId(),
        question: 'changed',
        transfers: [],
        lastSeq: 2,
        updatedAt: at,
        version: 50,
      };
      expect(await tx((r) => r.chats.advance(moved, chat.version))).toBe(true);
      const stored = { ...chat, lastSeq: 2, updatedAt: at, version: chat.version + 1 };
      expect(await read((r) => r.chats.get(account.id, chat.id))).toEqual(stored);
      expect(await tx((r) => r.chats.advance({ ...chat, lastSeq: 3 }, chat.version))).toBe(false);
      expect(await tx((r) => r.chats.advance({ ...stored, accountId: newId(), lastSeq: 3 }, stored.version))).toBe(false);
      expect(await read((r) => r.chats.get(account.id, chat.id))).toEqual(stored);
      // An update that read the version before the advance loses.
      expect(await tx((r) => r.chats.update({ ...chat, status: 'active' }, chat.version))).toBe(false);
    });

    it('rolls back an advance with its transaction', async () => {
      const { account, widget } = await setup();
      const chat = await insertChat(buildChat(account.id, widget.id));
      await expect(
        tx(async (r) => {
          expect(await r.chats.advance({ ...chat, lastSeq: 1, updatedAt: instant(3) }, chat.version)).toBe(true);
          await r.chatEvents.append(buildChatEvent(chat, 1));
          throw new Error('rollback');
        }),
      ).rejects.toThrow('rollback');
      expect(await read((r) => r.chats.get(account.id, chat.id))).toEqual(chat);
      expect(await read((r) => r.chatEvents.list(account.id, chat.id, 0, 10))).toEqual([]);
    });

    /** Three chats of an account and one of another, and a list of ids with both, an unknown one and a duplicate. */
    const threeChatsAndAForeignOne = async () => {
      const { account, widget } = await setup();
      const other = await setup();
      const chats = await insertChats(range(3).map(() => buildChat(account.id, widget.id)));
      const foreign = await insertChat(buildChat(other.account.id, other.widget.id));
      const [c1, c2, c3] = chats.map((c) => c.id);
      return { account, other, chats, foreign, c1, c2, ids: [c3!, newId(), c1!, foreign.id, c3!, c2!] };
    };

    it('locks several chats of an account at once, answering them in id order without unknown ids, other accounts’ chats or duplicates', async () => {
      const { account, other, chats, foreign, c1, c2, ids } = await threeChatsAndAForeignOne();
      expect(await tx((r) => r.chats.lockMany(account.id, ids))).toEqual(chats);
      expect(await read((r) => r.chats.lockMany(account.id, ids))).toEqual(chats);
      expect(await tx((r) => r.chats.lockMany(account.id, [c2!]))).toEqual([chats[1]]);
      expect(await tx((r) => r.chats.lockMany(other.account.id, [c1!, c2!, foreign.id]))).toEqual([foreign]);
      expect(await tx((r) => r.chats.lockMany(account.id, []))).toEqual([]);
    });

    it('answers the versions of the chats lockMany would lock, in the same order, and the moved version after a write', async () => {
      const { account, other, chats, foreign, c1, c2, ids } = await threeChatsAndAForeignOne();
      const versions = chats.map((c) => ({ id: c.id, version: c.version }));
      expect(await tx((r) => r.chats.lockVersions(account.id, ids))).toEqual(versions);
      expect(await read((r) => r.chats.lockVersions(account.id, ids))).toEqual(versions);
      expect(await tx((r) => r.chats.lockVersions(other.account.id, [c1!, foreign.id]))).toEqual([
        { id: foreign.id, version: foreign.version },
      ]);
      expect(await tx((r) => r.chats.lockVersions(account.id, []))).toEqual([]);
      expect(await tx((r) => r.chats.advanceMany(account.id, [advanceOf(chats[1]!, 1, chats[1]!.updatedAt)]))).toBe(1);
      expect(await read((r) => r.chats.lockVersions(account.id, [c2!]))).toEqual([{ id: c2, version: chats[1]!.version + 1 }]);
    });

    it('advances several chats at once with compare-and-set, storing only the changes whose version matches, and answers how many', async () => {
      const { account, widget } = await setup();
      const other = await setup();
      const [a, b, c] = [
        buildChat(account.id, widget.id, { version: 1 }),
        buildChat(account.id, widget.id, { version: 3 }),
        buildChat(account.id, widget.id, { version: 5 }),
      ];
      await insertChats([a, b, c]);
      const untouched = await insertChat(buildChat(account.id, widget.id));
      const foreign = await insertChat(buildChat(other.account.id, other.widget.id));
      const at = instant(7);
      // Whatever else the arguments hold is not written.
      const moved = (chat: Chat, lastSeq: number): Chat => ({
        ...chat,
        status: 'closed',
        agentId: newId(),
        question: 'changed',
        transfers: [],
        lastSeq,
        updatedAt: at,
        version: 50,
      });
      const stored = await tx((r) =>
        r.chats.advanceMany(account.id, [
          { chat: moved(a, 4), expectedVersion: 1 },
          { chat: moved(b, 5), expectedVersion: 2 }, // stale
          { chat: moved(c, 6), expectedVersion: 5 },
          { chat: moved(foreign, 7), expectedVersion: foreign.version }, // another account's
          { chat: moved(buildChat(account.id, widget.id), 8), expectedVersion: 1 }, // no such chat
        ]),
      );
      expect(stored).toBe(2);
      const after = { ...a, lastSeq: 4, updatedAt: at, version: 2 };
      await read(async (r) => {
        expect(await r.chats.get(account.id, a.id)).toEqual(after);
        expect(await r.chats.get(account.id, b.id)).toEqual(b);
        expect(await r.chats.get(account.id, c.id)).toEqual({ ...c, lastSeq: 6, updatedAt: at, version: 6 });
        expect(await r.chats.get(account.id, untouched.id)).toEqual(untouched);
        expect(await r.chats.get(other.account.id, foreign.id)).toEqual(foreign);
      });
      // A second writer that read the same versions loses, and so does an update that did.
      expect(await tx((r) => r.chats.advanceMany(account.id, [{ chat: moved(a, 9), expectedVersion: 1 }]))).toBe(0);
      expect(await tx((r) => r.chats.update({ ...a, status: 'active' }, a.version))).toBe(false);
      expect(await tx((r) => r.chats.advanceMany(account.id, []))).toBe(0);
      expect(await read((r) => r.chats.get(account.id, a.id))).toEqual(after);
    });

    it('rolls back advanceMany and appendMany with their transaction', async () => {
      const { account, widget } = await setup();
      const chats = await insertChats(range(3).map(() => buildChat(account.id, widget.id)));
      await expect(
        tx(async (r) => {
          expect(
            await r.chats.advanceMany(
              account.id,
              chats.map((c) => advanceOf(c, 2)),
            ),
          ).toBe(3);
          await r.chatEvents.appendMany(chats.flatMap((c) => [buildChatEvent(c, 1), buildChatEvent(c, 2)]));
          throw new Error('rollback');
        }),
      ).rejects.toThrow('rollback');
      expect(
        await read((r) =>
          r.chats.lockMany(
            account.id,
            chats.map((c) => c.id),
          ),
        ),
      ).toEqual(chats);
      for (const c of chats) expect(await read((r) => r.chatEvents.list(account.id, c.id, 0, 10))).toEqual([]);
    });

    it('locks and advances more than 64 chats at once', async () => {
      const { account, widget } = await setup();
      const chats = await insertChats(range(70).map(() => buildChat(account.id, widget.id)));
      const ids = chats.map((c) => c.id);
      expect(await tx((r) => r.chats.lockMany(account.id, [...ids].reverse()))).toEqual(chats);
      const at = instant(9);
      // One of them stale, near the end, so that it falls in a later statement where the store needs several.
      const changes = chats.map((c, i) =>
        i === 66 ? { ...advanceOf(c, 5, at), expectedVersion: c.version + 1 } : advanceOf(c, i + 1, at),
      );
      expect(await tx((r) => r.chats.advanceMany(account.id, changes))).toBe(69);
      const expected = chats.map((c, i) => (i === 66 ? c : { ...c, lastSeq: i + 1, updatedAt: at, version: c.version + 1 }));
      expect(await read((r) => r.chats.lockMany(account.id, ids))).toEqual(expected);
    });

    it('lists queued chats of some widgets oldest first (by queuedAt, then id) and counts them per widget', async () => {
      const { account, widget } = await setup();
      const w2 = await seedWidget(storage(), account.id);
      const w3 = await seedWidget(storage(), account.id);
      const t0 = Date.now();
      const at = (s: number) => instant(s * 1000, t0);
      const [idA, idB] = [newId(), newId()].sort();
      const c1 = await insertChat(buildChat(account.id, widget.id, { queuedAt: at(3) }));
      const c2 = await insertChat(buildChat(account.id, w2.id, { queuedAt: at(1) }));
      const c3 = await insertChat(buildChat(account.id, widget.id, { id: idB!, queuedAt: at(2) }));
      const c4 = await insertChat(buildChat(account.id, widget.id, { id: idA!, queuedAt: at(2) }));
      await insertChat(buildChat(account.id, widget.id, { status: 'active', agentId: newId(), queuedAt: at(0) }));
      await insertChat(buildChat(account.id, w3.id, { queuedAt: at(0) }));
      const queued = await read((r) => r.chats.listQueued(account.id, [widget.id, w2.id], 10));
      expect(queued.map((c) => c.id)).toEqual([c2.id, c4.id, c3.id, c1.id]);
      expect((await read((r) => r.chats.listQueued(account.id, [widget.id], 2))).map((c) => c.id)).toEqual([c4.id, c3.id]);
      expect(await read((r) => r.chats.listQueued(account.id, [], 10))).toEqual([]);
      expect(await read((r) => r.chats.countQueued(account.id, [widget.id, w2.id, newId()]))).toEqual({ [widget.id]: 3, [w2.id]: 1 });
      // Places within each widget's queue, in the same order; an assigned chat queued earlier is not ahead.
      const places = await read(async (r) => Promise.all([c1, c2, c3, c4].map((c) => r.chats.queuePosition(account.id, c))));
      expect(places).toEqual([3, 1, 2, 1]);
    });

    it('lists and counts the open chats of agents', async () => {
      const { account, widget } = await setup();
      const [a, b, c] = [newId(), newId(), newId()];
      const t0 = Date.now();
      const first = await insertChat(buildChat(account.id, widget.id, { status: 'active', agentId: a, assignedAt: instant(1, t0) }));
      const second = await insertChat(buildChat(account.id, widget.id, { status: 'active', agentId: a, assignedAt: instant(2, t0) }));
      await insertChat(buildChat(account.id, widget.id, { status: 'closed', agentId: a, assignedAt: instant(0, t0) }));
      await insertChat(buildChat(account.id, widget.id, { status: 'active', agentId: b, assignedAt: instant(0, t0) }));
      expect((await read((r) => r.chats.listActiveByAgent(account.id, a!))).map((x) => x.id)).toEqual([first.id, second.id]);
      expect(await read((r) => r.chats.countActiveByAgent(account.id, [a!, b!, c!]))).toEqual({ [a!]: 2, [b!]: 1 });
      expect(await read((r) => r.chats.countActiveByAgent(account.id, []))).toEqual({});
    });

    it('lists chats newest first (by id) with filters (widgets, agent, status, creation window, changed after or before) and a cursor', async () => {
      const { account, widget } = await setup();
      const w2 = await seedWidget(storage(), account.id);
      const agent = newId();
      const ids = range(5)
        .map(() => newId())
        .sort();
      const t0 = Date.now();
      const made: Chat[] = [];
      for (const [i, id] of ids.entries())
        made.push(
          await insertChat(
            buildChat(account.id, i % 2 ? w2.id : widget.id, {
              id,
              createdAt: instant(i * 1000, t0),
              updatedAt: instant(i * 1000 + 500, t0),
              ...(i >= 3 ? { status: 'active', agentId: agent } : {}),
            }),
          ),
        );
      const all = await read((r) => r.chats.list(account.id, {}, { limit: 2 }));
      expect(all.items.map((c) => c.id)).toEqual([ids[4], ids[3]]);
      const next = await read((r) => r.chats.list(account.id, {}, { limit: 2, cursor: all.nextCursor }));
      expect(next.items.map((c) => c.id)).toEqual([ids[2], ids[1]]);
      const last = await read((r) => r.chats.list(account.id, {}, { limit: 2, cursor: next.nextCursor }));
      expect(last).toEqual({ items: [made[0]], nextCursor: null });
      const f = (filter: Parameters<Repositories['chats']['list']>[1]) =>
        read((r) => r.chats.list(account.id, filter, { limit: 10 })).then((p) => p.items.map((c) => c.id));
      expect(await f({ widgetIds: [w2.id] })).toEqual([ids[3], ids[1]]);
      expect(await f({ widgetIds: [] })).toEqual([]);
      expect(await f({ agentId: agent })).toEqual([ids[4], ids[3]]);
      expect(await f({ status: 'queued' })).toEqual([ids[2], ids[1], ids[0]]);
      expect(await f({ from: made[1]!.createdAt, to: made[3]!.createdAt })).toEqual([ids[3], ids[2], ids[1]]);
      expect(await f({ widgetIds: [widget.id], status: 'active' })).toEqual([ids[4]]);
      expect(await f({ updatedAfter: made[2]!.updatedAt })).toEqual([ids[4], ids[3]]); // strictly after
      expect(await f({ agentId: agent, updatedAfter: made[3]!.updatedAt })).toEqual([ids[4]]);
      expect(await f({ updatedBefore: made[2]!.updatedAt })).toEqual([ids[1], ids[0]]); // strictly before
      expect(await f({ status: 'active', updatedBefore: made[4]!.updatedAt })).toEqual([ids[3]]);
    });

    it('lists a window of starts by start, newest first, then id, a page at a time, whatever order the ids have', async () => {
      const { account, widget } = await setup();
      const t0 = Date.now();
      // Ids in the opposite order of the starts (chats imported from elsewhere), two pairs started at the same instant.
      const ids = range(6)
        .map(() => newId())
        .sort()
        .reverse();
      const startsAt = [0, 1000, 1000, 2000, 3000, 3000];
      const made: Chat[] = [];
      for (const [i, id] of ids.entries())
        made.push(await insertChat(buildChat(account.id, widget.id, { id, createdAt: instant(startsAt[i]!, t0) })));
      const byStart = [...made].sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1));
      const window = { from: made[0]!.createdAt, to: made[5]!.createdAt };
      const pages: Id[][] = [];
      let cursor: string | null = null;
      do {
        const page: Page<Chat> = await read((r) => r.chats.list(account.id, window, { limit: 2, cursor }));
        pages.push(page.items.map((c) => c.id));
        cursor = page.nextCursor;
      } while (cursor !== null);
      expect(pages).toEqual([byStart.slice(0, 2), byStart.slice(2, 4), byStart.slice(4)].map((p) => p.map((c) => c.id)));
      // One bound is enough; the other end of the window is left out.
      expect((await read((r) => r.chats.list(account.id, { from: made[3]!.createdAt }, { limit: 10 }))).items.map((c) => c.id)).toEqual(
        byStart.slice(0, 3).map((c) => c.id),
      );
      expect((await read((r) => r.chats.list(account.id, { to: made[2]!.createdAt }, { limit: 10 }))).items.map((c) => c.id)).toEqual(
        byStart.slice(3).map((c) => c.id),
      );
      // A cursor of another list (an id) starts the window from its first page.
      expect((await read((r) => r.chats.list(account.id, window, { limit: 2, cursor: made[5]!.id }))).items.map((c) => c.id)).toEqual(
        pages[0],
      );
    });

    it('lists chats closed strictly after an instant, whenever they last changed', async () => {
      const { account, widget } = await setup();
      const t0 = Date.now();
      const ids = range(3)
        .map(() => newId())
        .sort();
      const closedAt = [instant(1000, t0), instant(2000, t0), null];
      for (const [i, id] of ids.entries())
        await insertChat(
          buildChat(account.id, widget.id, {
            id,
            ...(closedAt[i] ? { status: 'closed', closedAt: closedAt[i], updatedAt: instant(9000, t0) } : {}),
          }),
        );
      const f = (closedAfter: string) =>
        read((r) => r.chats.list(account.id, { closedAfter }, { limit: 10 })).then((p) => p.items.map((c) => c.id));
      expect(await f(instant(0, t0))).toEqual([ids[1], ids[0]]);
      expect(await f(closedAt[0]!)).toEqual([ids[1]]); // strictly after
      expect(await f(instant(5000, t0))).toEqual([]);
    });

    it('round-trips a chat’s labels and lists the chats that carry a label, with the other filters and a cursor', async () => {
      const { account, widget } = await setup();
      const [vip, bug, other] = [newId(), newId(), newId()];
      // A label id that is a prefix of another's must not match it.
      const prefix = vip.slice(0, 8);
      const ids = range(4)
        .map(() => newId())
        .sort();
      const labelsOf = [[vip], [bug, vip].sort(), [], [bug]];
      for (const [i, id] of ids.entries())
        await insertChat(
          buildChat(account.id, widget.id, { id, labels: labelsOf[i]!, ...(i === 3 ? { status: 'active', agentId: newId() } : {}) }),
        );
      expect((await read((r) => r.chats.get(account.id, ids[1]!)))!.labels).toEqual(labelsOf[1]);
      const f = (filter: Parameters<Repositories['chats']['list']>[1], limit = 10, cursor: string | null = null) =>
        read((r) => r.chats.list(account.id, filter, { limit, cursor }));
      const ofVip = await f({ labelId: vip }, 1);
      expect(ofVip.items.map((c) => c.id)).toEqual([ids[1]]);
      expect((await f({ labelId: vip }, 1, ofVip.nextCursor)).items.map((c) => c.id)).toEqual([ids[0]]);
      expect((await f({ labelId: bug, status: 'queued' })).items.map((c) => c.id)).toEqual([ids[1]]);
      expect((await f({ labelId: other })).items).toEqual([]);
      expect((await f({ labelId: prefix })).items).toEqual([]);
      const chat = (await read((r) => r.chats.get(account.id, ids[2]!)))!;
      expect(await tx((r) => r.chats.update({ ...chat, labels: [other] }, chat.version))).toBe(true);
      expect((await f({ labelId: other })).items.map((c) => c.id)).toEqual([ids[2]]);
      expect((await read((r) => r.chats.get(account.id, ids[2]!)))!.labels).toEqual([other]);
      // Labels taken off and replaced, a compare-and-set that fails (nothing changes), and a deleted chat.
      const first = (await read((r) => r.chats.get(account.id, ids[0]!)))!;
      expect(await tx((r) => r.chats.update({ ...first, labels: [] }, first.version))).toBe(true);
      const last = (await read((r) => r.chats.get(account.id, ids[3]!)))!;
      expect(await tx((r) => r.chats.update({ ...last, labels: [vip] }, last.version))).toBe(true);
      expect(await tx((r) => r.chats.update({ ...last, labels: [other] }, last.version))).toBe(false);
      expect((await f({ labelId: vip })).items.map((c) => c.id)).toEqual([ids[3], ids[1]]);
      expect((await f({ labelId: bug })).items.map((c) => c.id)).toEqual([ids[1]]);
      expect((await f({ labelId: other })).items.map((c) => c.id)).toEqual([ids[2]]);
      expect(await tx((r) => r.chats.deleteMany(account.id, [ids[1]!]))).toBe(1);
      expect((await f({ labelId: vip })).items.map((c) => c.id)).toEqual([ids[3]]);
      expect((await f({ labelId: bug })).items).toEqual([]);
      // With a window of starts (a list by start), and never another account's chat with the same label id.
      const elsewhere = await setup();
      await insertChat(buildChat(elsewhere.account.id, elsewhere.widget.id, { labels: [vip] }));
      expect((await f({ labelId: vip, from: instant(-3_600_000) })).items.map((c) => c.id)).toEqual([ids[3]]);
    });

    it('round-trips a visitor’s key and lists the chats of one key, newest first, with the other filters and a cursor', async () => {
      const { account, widget } = await setup();
      const [vera, otto] = ['vera-key-0123456789', 'otto-key-0123456789'];
      const ids = range(4)
        .map(() => newId())
        .sort();
      const keys = [vera, otto, vera, null];
      for (const [i, id] of ids.entries()) {
        const chat = buildChat(account.id, widget.id, { id, ...(i === 2 ? { status: 'active', agentId: newId() } : {}) });
        await insertChat({ ...chat, visitor: { ...chat.visitor, key: keys[i]! } });
      }
      expect((await read((r) => r.chats.get(account.id, ids[0]!)))!.visitor.key).toBe(vera);
      expect((await read((r) => r.chats.get(account.id, ids[3]!)))!.visitor.key).toBeNull();
      const f = (filter: Parameters<Repositories['chats']['list']>[1], limit = 10, cursor: string | null = null) =>
        read((r) => r.chats.list(account.id, filter, { limit, cursor }));
      const first = await f({ visitorKey: vera }, 1);
      expect(first.items.map((c) => c.id)).toEqual([ids[2]]);
      expect((await f({ visitorKey: vera }, 1, first.nextCursor)).items.map((c) => c.id)).toEqual([ids[0]]);
      expect((await f({ visitorKey: vera, status: 'queued' })).items.map((c) => c.id)).toEqual([ids[0]]);
      expect((await f({ visitorKey: otto })).items.map((c) => c.id)).toEqual([ids[1]]);
      expect((await f({ visitorKey: 'nobody-key-0123456' })).items).toEqual([]);
      // The key stays through an update of the chat, and another account's chats never answer.
      const chat = (await read((r) => r.chats.get(account.id, ids[1]!)))!;
      expect(await tx((r) => r.chats.update({ ...chat, status: 'closed' }, chat.version))).toBe(true);
      expect((await f({ visitorKey: otto })).items.map((c) => [c.id, c.status])).toEqual([[ids[1], 'closed']]);
      const elsewhere = await setup();
      expect((await read((r) => r.chats.list(elsewhere.account.id, { visitorKey: vera }, { limit: 10 }))).items).toEqual([]);
    });

    it('round-trips a chat’s survey: none until given, then its score, comment (or none) and time', async () => {
      const { account, widget } = await setup();
      const [rated, bare] = [newId(), newId()];
      for (const id of [rated, bare]) await insertChat(buildChat(account.id, widget.id, { id, status: 'closed', agentId: newId() }));
      expect((await read((r) => r.chats.get(account.id, rated)))!.survey).toBeNull();
      const comment = 'Schnell und freundlich 👍\nDanke!'.padEnd(2000, '.');
      for (const [id, survey] of [
        [rated, { score: 5, comment, at: new Date().toISOString() }],
        [bare, { score: 1, comment: null, at: new Date().toISOString() }],
      ] as const) {
        const chat = (await read((r) => r.chats.get(account.id, id)))!;
        expect(await tx((r) => r.chats.update({ ...chat, survey, version: chat.version + 1 }, chat.version))).toBe(true);
        expect((await read((r) => r.chats.get(account.id, id)))!.survey).toEqual(survey);
      }
      // What the list pages carry is the stored chat too.
      const listed = (await read((r) => r.chats.list(account.id, {}, { limit: 10, cursor: null }))).items;
      expect(listed.find((c) => c.id === bare)!.survey).toEqual(expect.objectContaining({ score: 1, comment: null }));
    });

    it('round-trips when and by whom an offline request was handled, and lists offline requests by handled or not', async () => {
      const { account, widget } = await setup();
      const [done, open, live] = [newId(), newId(), newId()].sort();
      for (const id of [done, open]) await insertChat(buildChat(account.id, widget.id, { id, kind: 'offline', status: 'offline' }));
      await insertChat(buildChat(account.id, widget.id, { id: live, status: 'closed', agentId: newId() }));
      expect(await read((r) => r.chats.get(account.id, done!))).toEqual(expect.objectContaining({ handledAt: null, handledBy: null }));
      const chat = (await read((r) => r.chats.get(account.id, done!)))!;
      const handled = { handledAt: new Date().toISOString(), handledBy: newId() };
      expect(await tx((r) => r.chats.update({ ...chat, ...handled, version: chat.version + 1 }, chat.version))).toBe(true);
      expect(await read((r) => r.chats.get(account.id, done!))).toEqual(expect.objectContaining(handled));
      const f = (handled: boolean) => read((r) => r.chats.list(account.id, { handled }, { limit: 10, cursor: null }));
      expect((await f(true)).items.map((c) => c.id)).toEqual([done]);
      // Live chats are never "not handled": the filter is about offline requests only.
      expect((await f(false)).items.map((c) => c.id)).toEqual([open]);
      const page = await read((r) => r.chats.list(account.id, { handled: false, widgetIds: [widget.id] }, { limit: 10, cursor: null }));
      expect(page.items.map((c) => c.id)).toEqual([open]);
    });

    it('finds a widget by id alone, for visitor requests', async () => {
      const { widget } = await setup();
      expect(await read((r) => r.widgets.findById(widget.id))).toEqual(widget);
      expect(await read((r) => r.widgets.findById(newId()))).toBeNull();
    });
  });

  describe('chat events', () => {
    it('round-trips events and lists them after a seq, oldest first, up to the limit', async () => {
      const { account, widget } = await setup();
      const chat = buildChat(account.id, widget.id);
      const events = [
        buildChatEvent(chat, 1, { type: 'chat.queued', author: null, text: null }),
        buildChatEvent(chat, 2),
        buildChatEvent(chat, 3, { type: 'chat.assigned', author: null, text: null, data: { agentId: newId(), nested: { a: [1, 'two'] } } }),
        buildChatEvent(chat, 4, { author: { kind: 'agent', userId: newId(), alias: 'Ágnes' }, text: 'Hallo 👋\nline two' }),
      ];
      await insertChat(chat, events);
      await read(async (r) => {
        expect(await r.chatEvents.list(account.id, chat.id, 0, 100)).toEqual(events);
        expect(await r.chatEvents.list(account.id, chat.id, 2, 100)).toEqual(events.slice(2));
        expect(await r.chatEvents.list(account.id, chat.id, 1, 2)).toEqual(events.slice(1, 3));
        expect(await r.chatEvents.list(account.id, chat.id, 4, 100)).toEqual([]);
      });
    });

    it('rejects a second event with the same seq, keeping nothing of that transaction', async () => {
      const { account, widget } = await setup();
      const chat = buildChat(account.id, widget.id);
      await insertChat(chat, [buildChatEvent(chat, 1)]);
      const err = await tx(async (r) => {
        await r.chatEvents.append(buildChatEvent(chat, 2));
        await r.chatEvents.append(buildChatEvent(chat, 1));
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageConflictError);
      expect((err as StorageConflictError).constraint).toBe('chat_events.seq');
      expect((await read((r) => r.chatEvents.list(account.id, chat.id, 0, 10))).map((e) => e.seq)).toEqual([1]);
    });

    it('appends events of several chats at once, and lists each chat’s back in seq order', async () => {
      const { account, widget } = await setup();
      const [a, b] = await insertChats([buildChat(account.id, widget.id), buildChat(account.id, widget.id)]);
      const a1 = buildChatEvent(a!, 1);
      await tx((r) => r.chatEvents.append(a1));
      const given = [
        buildChatEvent(b!, 1),
        buildChatEvent(a!, 2),
        buildChatEvent(b!, 2, { author: null, data: { x: [1] } }),
        buildChatEvent(a!, 3),
        buildChatEvent(b!, 3),
      ];
      await tx((r) => r.chatEvents.appendMany(given));
      await tx((r) => r.chatEvents.appendMany([]));
      await read(async (r) => {
        expect(await r.chatEvents.list(account.id, a!.id, 0, 10)).toEqual([a1, given[1], given[3]]);
        expect(await r.chatEvents.list(account.id, b!.id, 0, 10)).toEqual([given[0], given[2], given[4]]);
      });
    });

    it('rejects appendMany when an event collides with a stored one or with another of the list, storing none of them', async () => {
      const { account, widget } = await setup();
      const [a, b] = await insertChats([buildChat(account.id, widget.id), buildChat(account.id, widget.id)]);
      const a1 = buildChatEvent(a!, 1);
      await tx((r) => r.chatEvents.append(a1));
      const lists = [
        [buildChatEvent(b!, 1), buildChatEvent(a!, 2), buildChatEvent(a!, 1)], // a 1 is stored
        [buildChatEvent(b!, 1), buildChatEvent(a!, 2), buildChatEvent(b!, 2), buildChatEvent(b!, 1)], // b 1 twice
        [buildChatEvent(b!, 1), buildChatEvent(a!, 2), buildChatEvent(b!, 1)], // b 1 twice, the second last
      ];
      for (const events of lists) {
        const err = await tx((r) => r.chatEvents.appendMany(events)).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StorageConflictError);
        expect((err as StorageConflictError).constraint).toBe('chat_events.seq');
        expect(await read((r) => r.chatEvents.list(account.id, a!.id, 0, 10))).toEqual([a1]);
        expect(await read((r) => r.chatEvents.list(account.id, b!.id, 0, 10))).toEqual([]);
      }
    });

    it('appends more than 64 events at once, or none of them when the last collides', async () => {
      const { account, widget } = await setup();
      const chats = await insertChats(range(3).map(() => buildChat(account.id, widget.id)));
      const events = range(100).map((i) => buildChatEvent(chats[i % 3]!, Math.floor(i / 3) + 1));
      const err = await tx((r) => r.chatEvents.appendMany([...events, buildChatEvent(chats[0]!, 1)])).catch((e: unknown) => e);
      expect((err as StorageConflictError).constraint).toBe('chat_events.seq');
      for (const c of chats) expect(await read((r) => r.chatEvents.list(account.id, c.id, 0, 200))).toEqual([]);
      await tx((r) => r.chatEvents.appendMany(events));
      for (const c of chats)
        expect(await read((r) => r.chatEvents.list(account.id, c.id, 0, 200))).toEqual(events.filter((e) => e.chatId === c.id));
    });

    it('finds an event by id and a message by its client message id, within the chat and account only', async () => {
      const { account, widget } = await setup();
      const other = await seedAccount(storage());
      const [a, b] = await insertChats([buildChat(account.id, widget.id), buildChat(account.id, widget.id)]);
      const keyed = buildChatEvent(a!, 2, { clientMessageId: 'msg_0001-abc' });
      const plain = buildChatEvent(a!, 1);
      await tx((r) => r.chatEvents.appendMany([plain, keyed]));
      await read(async (r) => {
        expect(await r.chatEvents.get(account.id, a!.id, keyed.id)).toEqual(keyed);
        expect(await r.chatEvents.get(account.id, a!.id, plain.id)).toEqual(plain);
        expect(await r.chatEvents.findByClientMessageId(account.id, a!.id, 'msg_0001-abc')).toEqual(keyed);
        expect(await r.chatEvents.list(account.id, a!.id, 0, 10)).toEqual([plain, keyed]);
        // Not in another chat, not through another account, not for an unknown id or key.
        expect(await r.chatEvents.get(account.id, b!.id, keyed.id)).toBeNull();
        expect(await r.chatEvents.findByClientMessageId(account.id, b!.id, 'msg_0001-abc')).toBeNull();
        expect(await r.chatEvents.get(other.id, a!.id, keyed.id)).toBeNull();
        expect(await r.chatEvents.findByClientMessageId(other.id, a!.id, 'msg_0001-abc')).toBeNull();
        expect(await r.chatEvents.get(account.id, a!.id, newId())).toBeNull();
        expect(await r.chatEvents.findByClientMessageId(account.id, a!.id, 'msg_0002-abc')).toBeNull();
      });
    });

    it('keeps a client message id unique per chat: a second one is a conflict, storing nothing of its transaction; other chats may reuse it', async () => {
      const { account, widget } = await setup();
      const [a, b] = await insertChats([buildChat(account.id, widget.id), buildChat(account.id, widget.id)]);
      const first = buildChatEvent(a!, 1, { clientMessageId: 'same-key-1' });
      await tx((r) => r.chatEvents.append(first));
      const err = await tx(async (r) => {
        await r.chats.advance({ ...a!, lastSeq: 2, updatedAt: instant() }, a!.version);
        await r.chatEvents.append(buildChatEvent(a!, 2, { clientMessageId: 'same-key-1', text: 'again' }));
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageConflictError);
      expect((err as StorageConflictError).constraint).toBe('chat_events.client_message_id');
      expect(await read((r) => r.chatEvents.list(account.id, a!.id, 0, 10))).toEqual([first]);
      expect(await read((r) => r.chats.get(account.id, a!.id))).toEqual(a);
      // Events without a key never collide with each other; another chat may use the same key.
      const unkeyed = [buildChatEvent(a!, 2), buildChatEvent(a!, 3)];
      const inB = buildChatEvent(b!, 1, { clientMessageId: 'same-key-1' });
      await tx((r) => r.chatEvents.appendMany([...unkeyed, inB]));
      expect(await read((r) => r.chatEvents.list(account.id, a!.id, 0, 10))).toEqual([first, ...unkeyed]);
      expect(await read((r) => r.chatEvents.findByClientMessageId(account.id, b!.id, 'same-key-1'))).toEqual(inB);
    });

    it('rejects appendMany when a client message id is already stored in the chat or given twice for it, storing none of the events', async () => {
      const { account, widget } = await setup();
      const [a, b] = await insertChats([buildChat(account.id, widget.id), buildChat(account.id, widget.id)]);
      const a1 = buildChatEvent(a!, 1, { clientMessageId: 'stored-key' });
      await tx((r) => r.chatEvents.append(a1));
      const lists = [
        [buildChatEvent(b!, 1), buildChatEvent(a!, 2, { clientMessageId: 'stored-key' })], // stored in a
        [
          buildChatEvent(b!, 1, { clientMessageId: 'twice-key' }),
          buildChatEvent(a!, 2),
          buildChatEvent(b!, 2, { clientMessageId: 'twice-key' }),
        ], // twice for b
      ];
      for (const events of lists) {
        const err = await tx((r) => r.chatEvents.appendMany(events)).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StorageConflictError);
        expect((err as StorageConflictError).constraint).toBe('chat_events.client_message_id');
        expect(await read((r) => r.chatEvents.list(account.id, a!.id, 0, 10))).toEqual([a1]);
        expect(await read((r) => r.chatEvents.list(account.id, b!.id, 0, 10))).toEqual([]);
      }
    });

    it('rolls back a chat insert, its events and its update together', async () => {
      const { account, widget } = await setup();
      const chat = buildChat(account.id, widget.id);
      await expect(
        tx(async (r) => {
          await r.chats.insert(chat);
          await r.chatEvents.append(buildChatEvent(chat, 1));
          throw new Error('rollback');
        }),
      ).rejects.toThrow('rollback');
      expect(await read((r) => r.chats.get(account.id, chat.id))).toBeNull();
      expect(await read((r) => r.chats.findByVisitorTokenHash(chat.visitorTokenHash))).toBeNull();
      const kept = await insertChat(buildChat(account.id, widget.id));
      await expect(
        tx(async (r) => {
          await r.chats.update({ ...kept, status: 'closed', lastSeq: 1 }, kept.version);
          await r.chatEvents.append(buildChatEvent(kept, 1));
          throw new Error('rollback');
        }),
      ).rejects.toThrow('rollback');
      expect(await read((r) => r.chats.get(account.id, kept.id))).toEqual(kept);
      expect(await read((r) => r.chatEvents.list(account.id, kept.id, 0, 10))).toEqual([]);
    });
  });

  describe('agent presence', () => {
    const presence = (accountId: Id, o: Partial<AgentPresence> = {}): AgentPresence => ({
      accountId,
      userId: newId(),
      status: 'online',
      since: instant(),
      lastAssignedAt: null,
      version: 1,
      ...o,
    });

    it('inserts with expectedVersion 0, then updates with compare-and-set', async () => {
      const { account } = await setup();
      const p = presence(account.id);
      expect(await tx((r) => r.presence.put(p, 0))).toBe(true);
      expect(await read((r) => r.presence.get(account.id, p.userId))).toEqual({ ...p, version: 1 });
      expect(await tx((r) => r.presence.put({ ...p, status: 'paused' }, 0))).toBe(false);
      const paused = { ...p, status: 'paused' as const, lastAssignedAt: instant(9), version: 2 };
      expect(await tx((r) => r.presence.put(paused, 1))).toBe(true);
      expect(await read((r) => r.presence.get(account.id, p.userId))).toEqual(paused);
      expect(await tx((r) => r.presence.put({ ...paused, status: 'offline' }, 1))).toBe(false);
      expect(await read((r) => r.presence.get(newId(), p.userId))).toBeNull();
    });

    it('keeps the reason given with a status (up to 40 characters of any script) and reads a cleared one back absent', async () => {
      const { account } = await setup();
      const p = presence(account.id, { status: 'paused', reason: 'Mittagspause — 昼休み 😀 '.padEnd(40, 'x') });
      expect(await tx((r) => r.presence.put(p, 0))).toBe(true);
      expect(await read((r) => r.presence.get(account.id, p.userId))).toEqual(p);
      expect(await read((r) => r.presence.list(account.id, [p.userId]))).toEqual([p]);
      expect(await tx((r) => r.presence.put({ ...p, status: 'online', reason: null, version: 2 }, 1))).toBe(true);
      const { reason: _cleared, ...online } = p;
      expect(await read((r) => r.presence.get(account.id, p.userId))).toEqual({ ...online, status: 'online', version: 2 });
    });

    it('lists presences of some users, and the account’s online or paused agents, by user id', async () => {
      const { account } = await setup();
      const ids = range(4)
        .map(() => newId())
        .sort();
      const statuses = ['online', 'offline', 'paused', 'online'] as const;
      const ps = ids.map((userId, i) => presence(account.id, { userId, status: statuses[i]! }));
      await tx(async (r) => {
        for (const p of ps) await r.presence.put(p, 0);
      });
      const other = await seedAccount(storage());
      await tx((r) => r.presence.put(presence(other.id), 0));
      expect(await read((r) => r.presence.list(account.id, [ids[2]!, ids[0]!, newId(), ids[2]!]))).toEqual([ps[0], ps[2]]);
      expect(await read((r) => r.presence.list(account.id, []))).toEqual([]);
      expect(await read((r) => r.presence.listActive(account.id))).toEqual([ps[0], ps[2], ps[3]]);
    });
  });

  describe('messages under real concurrency', () => {
    it('gives 40 messages sent at once to one chat, by its visitor and its agent through three hosts, seq 2..41 without gaps or duplicates', async () => {
      const s = storage();
      // Three hosts over one store: each writes its messages in groups of its own, concurrently with the others'.
      const hosts = [servicesOver(s), servicesOver(s), servicesOver(s)];
      const parley = hosts[0]!;
      const account = await seedAccount(s);
      const agent = await seedUser(s, account.id);
      const widget = await seedWidget(s, account.id, { agentIds: [agent.id] });
      const token = randomBytes(32).toString('base64url');
      const chat = buildChat(account.id, widget.id, {
        status: 'active',
        agentId: agent.id,
        assignedAt: instant(),
        visitorTokenHash: createHash('sha256').update(token).digest('hex'),
        lastSeq: 1,
      });
      await insertChat(chat, [buildChatEvent(chat, 1, { type: 'chat.queued', author: null, text: null })]);
      const visitor = await parley.chats.authenticateVisitor(chat.id, token);
      const p: Principal = { userId: agent.id, accountId: account.id, role: 'agent', email: agent.email, ip: null, userAgent: null };
      const sent = await Promise.all(
        range(40).map((i) => {
          const host = hosts[i % hosts.length]!;
          return i % 4 === 3
            ? host.chats.sendAsAgent(p, chat.id, { text: `agent ${i}` })
            : host.chats.sendAsVisitor(visitor, { text: `visitor ${i}` });
        }),
      );
      expect(sent.map((e) => e.seq).sort((a, b) => a - b)).toEqual(range(40).map((i) => i + 2));
      const stored = await read((r) => r.chatEvents.list(account.id, chat.id, 0, 100));
      expect(stored.map((e) => e.seq)).toEqual(range(41).map((i) => i + 1));
      expect(new Set(stored.slice(1).map((e) => e.text))).toEqual(new Set(sent.map((e) => e.text)));
      const after = await read((r) => r.chats.get(account.id, chat.id));
      expect(after).toMatchObject({ lastSeq: 41, status: 'active', agentId: agent.id, visitor: chat.visitor });
      // Messages that arrive together may be written in one transaction: a version step per write, not per message.
      expect(after!.version).toBeGreaterThan(chat.version);
      expect(after!.version).toBeLessThanOrEqual(chat.version + 40);
      expect(after?.firstAgentReplyAt).not.toBeNull();
    });
  });

  describe('messages sent again under real concurrency', () => {
    it('stores a message sent at once through three hosts with one clientMessageId once, answering each with the same event', async () => {
      const s = storage();
      const hosts = [servicesOver(s), servicesOver(s), servicesOver(s)];
      const account = await seedAccount(s);
      const agent = await seedUser(s, account.id);
      const widget = await seedWidget(s, account.id, { agentIds: [agent.id] });
      const token = randomBytes(32).toString('base64url');
      const chat = buildChat(account.id, widget.id, {
        status: 'active',
        agentId: agent.id,
        assignedAt: instant(),
        visitorTokenHash: createHash('sha256').update(token).digest('hex'),
        lastSeq: 1,
      });
      await insertChat(chat, [buildChatEvent(chat, 1, { type: 'chat.queued', author: null, text: null })]);
      const visitor = await hosts[0]!.chats.authenticateVisitor(chat.id, token);
      // Each key sent twice by each host, together with messages of its own.
      const sent = await Promise.all(
        range(12).map((i) => {
          const host = hosts[i % 3]!;
          return i % 4 === 3
            ? host.chats.sendAsVisitor(visitor, { text: `own ${i}` })
            : host.chats.sendAsVisitor(visitor, { text: `keyed ${i % 2}`, clientMessageId: `resend-key-${i % 2}` });
        }),
      );
      const stored = await read((r) => r.chatEvents.list(account.id, chat.id, 0, 100));
      expect(stored.map((e) => e.seq)).toEqual(range(6).map((i) => i + 1));
      expect(
        stored
          .slice(1)
          .map((e) => e.text)
          .sort(),
      ).toEqual(['keyed 0', 'keyed 1', 'own 11', 'own 3', 'own 7']);
      for (const key of [0, 1]) {
        const answers = sent.filter((e) => e.clientMessageId === `resend-key-${key}`);
        expect(answers).toHaveLength(key === 0 ? 6 : 3);
        for (const a of answers) expect(a).toEqual(stored.find((e) => e.clientMessageId === `resend-key-${key}`));
      }
    });
  });

  describe('chat locks under real concurrency', () => {
    /**
     * A transaction that locks with `lock`, then waits for `release()` before it advances `chats` (to seq 1);
     * `done` answers what `lock` answered and how many chats it stored.
     */
    const holding = <T>(lock: (r: Parameters<Parameters<typeof tx>[0]>[0]) => Promise<T>, chats: readonly Chat[]) => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let entered!: () => void;
      const inside = new Promise<void>((r) => (entered = r));
      const done = tx(async (r) => {
        const locked = await lock(r);
        entered();
        await gate;
        const stored = await r.chats.advanceMany(
          chats[0]!.accountId,
          chats.map((x) => advanceOf(x, 1, x.updatedAt)),
        );
        return { locked, stored };
      });
      return { inside, release, done };
    };

    it('makes a transaction that locks a chat lockMany holds wait until lockMany’s transaction ends, and see what it wrote', async () => {
      const { account, widget } = await setup();
      const [a, b, c] = await insertChats(range(3).map(() => buildChat(account.id, widget.id)));
      const first = holding((r) => r.chats.lockMany(account.id, [b!.id, a!.id]), [a!, b!]);
      await first.inside;
      const finished: string[] = [];
      const second = tx((r) => r.chats.lock(account.id, b!.id)).finally(() => finished.push('lock'));
      const third = tx((r) => r.chats.lockMany(account.id, [c!.id, a!.id])).finally(() => finished.push('lockMany'));
      await pause(50);
      expect(finished).toEqual([]);
      first.release();
      expect(await first.done).toEqual({ locked: [a, b], stored: 2 });
      expect(await second).toEqual({ ...b, lastSeq: 1, version: b!.version + 1 });
      expect(await third).toEqual([{ ...a, lastSeq: 1, version: a!.version + 1 }, c]);
    });

    it('makes a transaction that locks a chat lockVersions holds wait until lockVersions’ transaction ends', async () => {
      const { account, widget } = await setup();
      const [a, b] = await insertChats(range(2).map(() => buildChat(account.id, widget.id)));
      const first = holding((r) => r.chats.lockVersions(account.id, [b!.id, a!.id]), [a!, b!]);
      await first.inside;
      const finished: string[] = [];
      const second = tx((r) => r.chats.lockMany(account.id, [b!.id])).finally(() => finished.push('lockMany'));
      await pause(50);
      expect(finished).toEqual([]);
      first.release();
      expect(await first.done).toEqual({ locked: [a!, b!].map((x) => ({ id: x.id, version: x.version })), stored: 2 });
      expect(await second).toEqual([{ ...b, lastSeq: 1, version: b!.version + 1 }]);
    });

    it('lets transactions that lockMany overlapping chats, each given in an order of its own, all finish on their first try', async () => {
      const { account, widget } = await setup();
      const chats = await insertChats(range(6).map(() => buildChat(account.id, widget.id)));
      const ids = chats.map((c) => c.id);
      // Windows of four that overlap, every other one given backwards.
      const sets = range(12).map((i) => {
        const window = range(4).map((k) => ids[(i + k) % ids.length]!);
        return i % 2 ? window.reverse() : window;
      });
      const tries = sets.map(() => 0);
      const stored = await Promise.all(
        sets.map((set, i) =>
          tx(async (r) => {
            tries[i]!++;
            const locked = await r.chats.lockMany(account.id, set);
            await pause();
            return r.chats.advanceMany(
              account.id,
              locked.map((x) => advanceOf(x, x.lastSeq + 1)),
            );
          }),
        ),
      );
      // No deadlock, so nothing ran twice; and with the chats locked, every compare-and-set held.
      expect(tries).toEqual(sets.map(() => 1));
      expect(stored).toEqual(sets.map(() => 4));
      const after = await read((r) => r.chats.lockMany(account.id, ids));
      expect(after.map((c) => c.lastSeq)).toEqual(ids.map((id) => sets.filter((s) => s.includes(id)).length));
      expect(after.map((c) => c.version)).toEqual(chats.map((c) => c.version + 8));
    });
  });

  describe('routing under real concurrency', () => {
    it('makes a second routing transaction wait for the first and see what it wrote', async () => {
      const { account } = await setup();
      const userId = newId();
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let entered!: () => void;
      const inside = new Promise<void>((r) => (entered = r));
      const first = tx(async (r) => {
        await r.chats.lockRouting(account.id);
        entered();
        await gate;
        await r.presence.put({ accountId: account.id, userId, status: 'online', since: instant(), lastAssignedAt: null, version: 1 }, 0);
      });
      await inside;
      const second = tx(async (r) => {
        await r.chats.lockRouting(account.id);
        return r.presence.get(account.id, userId);
      });
      await pause(50);
      release();
      await first;
      expect((await second)?.status).toBe('online');
    });

    it('never overfills a bounded queue nor an agent’s own maximum when 30 chats start at once', async () => {
      const s = storage();
      const parley = servicesOver(s);
      const account = await seedAccount(s);
      const veteran = await seedUser(s, account.id, { maxConcurrentChats: 3 });
      const trainee = await seedUser(s, account.id);
      const widget = await seedWidget(s, account.id, {
        agentIds: [veteran.id, trainee.id].sort(),
        settings: { ...defaultWidgetSettings(), maxConcurrentChats: 1, maxQueueSize: 5 },
      });
      for (const u of [veteran, trainee])
        await parley.presence.setStatus(
          { userId: u.id, accountId: account.id, role: 'agent', email: u.email, ip: null, userAgent: null },
          { status: 'online' },
        );
      const meta = { ip: null, userAgent: null };
      await Promise.all(range(30).map((i) => parley.chats.start(widget.id, { message: `hello ${i}`, email: 'v@example.test' }, meta)));
      const chats = (await read((r) => r.chats.list(account.id, { widgetIds: [widget.id] }, { limit: 100 }))).items;
      const count = (status: string, agentId?: Id) =>
        chats.filter((c) => c.status === status && (agentId === undefined || c.agentId === agentId)).length;
      expect(count('active', veteran.id)).toBe(3); // their own maximum, above the widget's 1
      expect(count('active', trainee.id)).toBe(1);
      expect(count('queued')).toBe(5);
      expect(count('offline')).toBe(21);
    });

    it('assigns 50 chats started at once to 3 agents × 2 exactly once each, queueing the rest first in, first out; invariants hold through concurrent status changes and closes', async () => {
      // Going offline hands an agent's open chats back to the queue, so a chat may be assigned again after it:
      // the closes below are a supervisor's, who may close a chat wherever it went.
      const s = storage();
      const parley = servicesOver(s);
      const account = await seedAccount(s);
      const users = await Promise.all(range(3).map(() => seedUser(s, account.id)));
      const widget = await seedWidget(s, account.id, {
        agentIds: users.map((u) => u.id).sort(),
        settings: { ...defaultWidgetSettings(), maxConcurrentChats: 2 },
      });
      const principal = (u: (typeof users)[number]): Principal => ({
        userId: u.id,
        accountId: account.id,
        role: 'agent',
        email: u.email,
        ip: null,
        userAgent: null,
      });
      for (const u of users) await parley.presence.setStatus(principal(u), { status: 'online' });
      const supervisor: Principal = { ...principal(await seedUser(s, account.id, { role: 'supervisor' })), role: 'supervisor' };
      const meta = { ip: null, userAgent: null };

      const started = await Promise.all(
        range(50).map((i) => parley.chats.start(widget.id, { message: `hello ${i}`, email: 'v@example.test' }, meta)),
      );
      const chats = await read((r) => r.chats.list(account.id, { widgetIds: [widget.id] }, { limit: 100 }));
      expect(chats.items).toHaveLength(50);
      const active = chats.items.filter((c) => c.status === 'active');
      const queued = chats.items.filter((c) => c.status === 'queued');
      expect(active).toHaveLength(6);
      expect(queued).toHaveLength(44);
      const perAgent = new Map<Id, number>();
      for (const c of active) perAgent.set(c.agentId!, (perAgent.get(c.agentId!) ?? 0) + 1);
      expect([...perAgent.values()]).toEqual([2, 2, 2]);
      // First in, first out: the six assigned are the six that queued first.
      const byQueue = [...chats.items].sort((a, b) => (a.queuedAt! < b.queuedAt! ? -1 : a.queuedAt! > b.queuedAt! ? 1 : 0));
      expect(new Set(byQueue.slice(0, 6).map((c) => c.id))).toEqual(new Set(active.map((c) => c.id)));
      expect(new Set(started.map((x) => x.chat.id))).toEqual(new Set(chats.items.map((c) => c.id)));

      // Now agents go offline and online, chats close and new ones start, all at once.
      const ops: Promise<unknown>[] = [];
      for (const [i, c] of active.entries()) ops.push(pause(i).then(() => parley.chats.close(supervisor, c.id)));
      for (const [i, u] of users.entries())
        ops.push(
          (async () => {
            for (const status of ['offline', 'online', 'paused', 'online'] as const) {
              await pause(i);
              await parley.presence.setStatus(principal(u), { status });
            }
          })(),
        );
      for (const i of range(10)) ops.push(parley.chats.start(widget.id, { message: `later ${i}`, email: 'v@example.test' }, meta));
      await Promise.all(ops);

      const after = (await read((r) => r.chats.list(account.id, { widgetIds: [widget.id] }, { limit: 200 }))).items;
      expect(after).toHaveLength(60);
      const open = after.filter((c) => c.status === 'active');
      const counts = new Map<Id, number>();
      for (const c of open) counts.set(c.agentId!, (counts.get(c.agentId!) ?? 0) + 1);
      for (const n of counts.values()) expect(n).toBeLessThanOrEqual(2);
      // Every agent ended online: with chats still queued, every one of them must be full.
      const stillQueued = after.filter((c) => c.status === 'queued');
      expect(stillQueued.length).toBeGreaterThan(0);
      for (const u of users) expect(counts.get(u.id)).toBe(2);
      expect(after.filter((c) => c.status === 'closed')).toHaveLength(6);
      // A chat started while all three happened to be offline became an offline request: also correct.
      const offline = after.filter((c) => c.status === 'offline');
      expect(open.length + stillQueued.length + offline.length + 6).toBe(60);
      // No chat was assigned twice while it stayed with its agent: a second assignment only after it was handed
      // back (its agent went offline); every chat's events are 1..lastSeq without gaps.
      const handedBack = new Set<Id>();
      for (const c of after) {
        const events = await read((r) => r.chatEvents.list(account.id, c.id, 0, 100));
        expect(events.map((e) => e.seq)).toEqual(range(c.lastSeq).map((i) => i + 1));
        const backs = events.filter((e) => e.type === 'chat.transferred' && e.data.reason === 'agent_offline').length;
        if (backs > 0) handedBack.add(c.id);
        expect(events.filter((e) => e.type === 'chat.assigned').length).toBeLessThanOrEqual(1 + backs);
        if (c.status === 'active') expect(events.filter((e) => e.type === 'chat.assigned').length).toBeGreaterThanOrEqual(1);
      }
      // The queue is still first in, first out among chats that joined it once: everything assigned queued before
      // everything still waiting (a chat handed back keeps its first place, so it may go ahead of later ones).
      const assignedLater = after.filter((c) => c.assignedAt !== null && !active.some((a) => a.id === c.id) && !handedBack.has(c.id));
      const lastAssignedQueuedAt = assignedLater
        .map((c) => c.queuedAt!)
        .sort()
        .at(-1)!;
      for (const c of stillQueued) if (!handedBack.has(c.id)) expect(c.queuedAt! > lastAssignedQueuedAt).toBe(true);
    });
  });
}
