import { sql } from 'kysely';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { searchTerms } from '@parley/core';
import { buildChat, buildChatEvent, conformanceFixtures as f, describeStorageConformance } from '@parley/conformance';
import { describeSqlAdapter, describeSqlSearchPaths } from '../test/adapter-suite.js';
import { checkServerVersion, connect, parseStorageUrl } from './connect.js';
import { createSqlStorage, type SqlStorage, type SqlStorageLogger } from './index.js';
import { mysqlTestUrl, type MysqlTestDatabase } from './testing/index.js';
import {
  expectApiTokenScopesUpgrade,
  expectChatLabelsUpgrade,
  expectChatSearchWordsUpgrade,
  expectEveryMigrationTakenBack,
  expectPerAccountEmailUpgrade,
  takeBackMigration,
} from './upgrade-checks.js';

/**
 * Runs against `PARLEY_TEST_MYSQL_URL`, else a Docker container, else skips loudly (fails on CI).
 * Every storage gets a database of its own, dropped when it is destroyed.
 */
const probe = await mysqlTestUrl();
const skip = 'skip' in probe ? probe.skip : false;
// The probe made a database only to learn that a server is there; drop it.
if (!('skip' in probe)) await probe.stop();

const databases = new WeakMap<SqlStorage, MysqlTestDatabase>();

const create = async (logger?: SqlStorageLogger, options: { searchScanChats?: number } = {}): Promise<SqlStorage> => {
  const target = await mysqlTestUrl();
  if ('skip' in target) throw new Error(target.skip);
  const storage = await createSqlStorage({ url: target.url, ...(logger ? { logger } : {}), ...options });
  await storage.migrate();
  databases.set(storage, target);
  return storage;
};

const destroy = async (storage: SqlStorage): Promise<void> => {
  await storage.close();
  await databases.get(storage)?.stop();
};

describeStorageConformance('mysql', { create: () => create(), destroy: (s) => destroy(s as SqlStorage), skip });
describeSqlAdapter('mysql', { create: () => create(), destroy, skip });
describeSqlSearchPaths('mysql', { create: (options) => create(undefined, options), destroy, skip });

describe.skipIf(Boolean(skip))('storage-sql (mysql): upgrades', () => {
  it('keeps users, their password history and tickets when 0008 makes emails unique per account', async () => {
    const target = await mysqlTestUrl();
    if ('skip' in target) throw new Error(target.skip);
    try {
      await expectPerAccountEmailUpgrade(target.url);
    } finally {
      await target.stop();
    }
  });

  it('indexes the messages and visitors written before 0021, and finds them and those written after it', async () => {
    const target = await mysqlTestUrl();
    if ('skip' in target) throw new Error(target.skip);
    try {
      await expectChatSearchWordsUpgrade(target.url);
    } finally {
      await target.stop();
    }
  });

  it('makes API tokens of before 0017 full and never expiring', async () => {
    const target = await mysqlTestUrl();
    if ('skip' in target) throw new Error(target.skip);
    try {
      await expectApiTokenScopesUpgrade(target.url);
    } finally {
      await target.stop();
    }
  });

  it('lists by label the chats labeled before 0028', async () => {
    const target = await mysqlTestUrl();
    if ('skip' in target) throw new Error(target.skip);
    try {
      await expectChatLabelsUpgrade(target.url);
    } finally {
      await target.stop();
    }
  });
});

describe.skipIf(Boolean(skip))('storage-sql (mysql): taking migrations back', () => {
  it('takes back every migration, newest first, to an empty database, and applies them again', async () => {
    const target = await mysqlTestUrl();
    if ('skip' in target) throw new Error(target.skip);
    try {
      await expectEveryMigrationTakenBack(target.url);
    } finally {
      await target.stop();
    }
  });
});

describe.skipIf(Boolean(skip))('storage-sql (mysql): server version', () => {
  it('connects to the server the tests run against, which passes the version check', async () => {
    const target = await mysqlTestUrl();
    if ('skip' in target) throw new Error(target.skip);
    const { db } = await connect(parseStorageUrl(target.url));
    try {
      const { rows } = await sql<{ version: string }>`select version() as version`.execute(db);
      expect(rows[0]?.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(() => checkServerVersion(rows[0]!.version)).not.toThrow();
    } finally {
      await db.destroy();
      await target.stop();
    }
  });
});

describe.skipIf(Boolean(skip))('storage-sql (mysql): transactions', () => {
  let s: SqlStorage;
  afterAll(async () => {
    if (s) await destroy(s);
  });

  it('runs a deadlocked transaction again', async () => {
    const warnings: string[] = [];
    s = await create({ warn: (m) => warnings.push(m) });
    const a = await f.seedAccount(s);
    const b = await f.seedAccount(s);
    // Two transactions lock the two heads in opposite orders; InnoDB kills one, which is run again.
    const barrier = (() => {
      let arrived = 0;
      let release!: () => void;
      const all = new Promise<void>((r) => (release = r));
      return () => {
        if (++arrived === 2) release();
        return all;
      };
    })();
    let tries = 0;
    const lockBoth = (first: string, second: string) =>
      s.transaction(async (tx) => {
        tries++;
        await tx.audit.lockHead(first);
        if (tries <= 2) await barrier();
        await tx.audit.lockHead(second);
        return 'done';
      });
    expect(await Promise.all([lockBoth(a.id, b.id), lockBoth(b.id, a.id)])).toEqual(['done', 'done']);
    expect(tries).toBe(3);
    expect(warnings).toEqual(['storage-sql: transaction aborted by the database, retrying']);
  });
});

describe.skipIf(Boolean(skip))('storage-sql (mysql): a group of messages locks its chats alone', () => {
  let s: SqlStorage | undefined;
  afterAll(async () => {
    if (s) await destroy(s);
  });

  // A group of messages locks its chats' versions, then advances them (ChatAppender). With 64 of an account's 100
  // chats in the list, InnoDB planned a scan of the account's rows (the select) and of the whole table (the update),
  // and locked every row it scanned: another chat of the account could not be written until the group committed.
  it("lets another transaction write a chat outside a group's list while the group holds its locks", async () => {
    s = await create();
    const storage = s;
    const account = await f.seedAccount(storage);
    const widget = await f.seedWidget(storage, account.id);
    const chats = Array.from({ length: 100 }, () => buildChat(account.id, widget.id, { status: 'active' }));
    await storage.transaction(async (r) => {
      for (const chat of chats) await r.chats.insert(chat);
    });
    const advance = (chat: (typeof chats)[number]) => ({
      chat: { ...chat, lastSeq: chat.lastSeq + 1, version: chat.version + 1 },
      expectedVersion: chat.version,
    });
    const group = chats.slice(0, 64);
    const other = chats[80]!;

    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const groupLocked = new Promise<void>((r) => (locked = r));
    const groupWrite = storage.transaction(async (tx) => {
      await tx.chats.lockVersions(
        account.id,
        group.map((c) => c.id),
      );
      expect(await tx.chats.advanceMany(account.id, group.map(advance))).toBe(64);
      locked();
      await held;
    });
    await groupLocked;
    const otherWrite = storage.transaction(async (tx) => {
      expect(await tx.chats.lockVersions(account.id, [other.id])).toEqual([{ id: other.id, version: other.version }]);
      return tx.chats.advanceMany(account.id, [advance(other)]);
    });
    // Without the hint the other write waits for the group's commit: the 10 s pass first.
    const first = await Promise.race([
      otherWrite.then(() => 'other chat written'),
      new Promise((r) => setTimeout(() => r('still waiting after 10 s'), 10_000)),
    ]);
    release();
    await groupWrite;
    expect(first).toBe('other chat written');
    expect(await otherWrite).toBe(1);
    const versions = new Map(
      (await storage.read((r) => r.chats.lockVersions(account.id, [chats[0]!.id, other.id]))).map((v) => [v.id, v.version]),
    );
    expect(versions).toEqual(
      new Map([
        [chats[0]!.id, chats[0]!.version + 1],
        [other.id, other.version + 1],
      ]),
    );
  }, 30_000);
});

describe.skipIf(Boolean(skip))("storage-sql (mysql): the word index keeps chats' numbers", () => {
  let s: SqlStorage | undefined;
  afterAll(async () => {
    if (s) await destroy(s);
  });

  const writeChat = (storage: SqlStorage, chat: ReturnType<typeof buildChat>, text: string) =>
    storage.transaction(async (r) => {
      await r.chats.insert({ ...chat, lastSeq: 1 });
      await r.chatEvents.append(buildChatEvent(chat, 1, { text }));
    });
  const searchIds = async (storage: SqlStorage, accountId: string, query: string) =>
    (await storage.read((r) => r.chats.search(accountId, searchTerms(query), {}, { limit: 10, cursor: null }))).items.map((h) => h.chat.id);

  it('indexes a chat under the number it got when stored, not one read by a transaction that rolled back', async () => {
    s = await create(undefined, { searchScanChats: 0 });
    const account = await f.seedAccount(s);
    const widget = await f.seedWidget(s, account.id);
    const chat = buildChat(account.id, widget.id);
    // The first try reads the chat's number (to index its message), then rolls back: that number is nobody's.
    await expect(
      s.transaction(async (r) => {
        await r.chats.insert({ ...chat, lastSeq: 1 });
        await r.chatEvents.append(buildChatEvent(chat, 1, { text: 'kumquat first try' }));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    await writeChat(s, chat, 'kumquat second try');
    await s.transaction((r) => r.chatEvents.append(buildChatEvent(chat, 2, { text: 'quince' })));
    expect(await searchIds(s, account.id, 'kumquat')).toEqual([chat.id]);
    expect(await searchIds(s, account.id, 'quince')).toEqual([chat.id]);
  });

  it('indexes the messages of chats that 0021 numbered again under their new numbers', async () => {
    const target = await mysqlTestUrl();
    if ('skip' in target) throw new Error(target.skip);
    const storage = await createSqlStorage({ url: target.url, searchScanChats: 0 });
    try {
      await storage.migrate();
      const account = await f.seedAccount(storage);
      const widget = await f.seedWidget(storage, account.id);
      // Stored in this order they get numbers 1 and 2; 0021 applied again numbers them in id order, swapped.
      const late = buildChat(account.id, widget.id, { id: 'chat-b' });
      const early = buildChat(account.id, widget.id, { id: 'chat-a' });
      await writeChat(storage, late, 'apricot');
      await writeChat(storage, early, 'apricot');
      await takeBackMigration(target.url, '0021-chat-search-words');
      await storage.migrate();
      await storage.transaction((r) => r.chatEvents.append(buildChatEvent(early, 2, { text: 'damson' })));
      await storage.transaction((r) => r.chatEvents.append(buildChatEvent(late, 2, { text: 'greengage' })));
      expect(await searchIds(storage, account.id, 'damson')).toEqual([early.id]);
      expect(await searchIds(storage, account.id, 'greengage')).toEqual([late.id]);
    } finally {
      await storage.close();
      await target.stop();
    }
  });
});

describe.skipIf(Boolean(skip))('storage-sql (mysql): query plans', () => {
  let s: SqlStorage | undefined;
  afterAll(async () => {
    if (s) await destroy(s);
  });

  it('lists a range of starts from the range’s end (a range of chats_started_idx), not from the account’s newest chat', async () => {
    s = await create();
    const storage = s;
    const account = await f.seedAccount(storage);
    const widget = await f.seedWidget(storage, account.id);
    const t0 = Date.parse('2025-01-01T00:00:00Z');
    await storage.transaction(async (r) => {
      for (let i = 0; i < 2000; i++)
        await r.chats.insert(buildChat(account.id, widget.id, { createdAt: new Date(t0 + i * 60_000).toISOString(), status: 'closed' }));
    });
    // The statement the history runs for its oldest day, as the driver sends it.
    const mysql2 = createRequire(import.meta.url)('mysql2') as typeof import('mysql2');
    const query = vi.spyOn(mysql2.Connection.prototype, 'query');
    const window = { from: new Date(t0).toISOString(), to: new Date(t0 + 86_400_000).toISOString() };
    const page = await storage.read((r) => r.chats.list(account.id, window, { cursor: null, limit: 50 }));
    const sent = query.mock.calls.map((c) => c as unknown as [string, unknown[]]).find(([text]) => /^select .* from .*chats/.test(text));
    query.mockRestore();
    expect(page.items).toHaveLength(50);
    expect(page.items[0]!.createdAt).toBe(new Date(t0 + 1440 * 60_000).toISOString());
    // MariaDB's own choice here is the range too; on an account of 100,000 chats, for a week or more of them, it
    // was `ref` on the account (every chat started after the window read first): hence the statement's hint.
    expect(sent![0]).toMatch(/from chats force index \(chats_started_idx\) where/);
    const raw = mysql2.createConnection({ uri: databases.get(storage)!.url }).promise();
    try {
      const [plan] = await raw.query(`explain ${mysql2.format(sent![0], sent![1] as Parameters<typeof mysql2.format>[1])}`);
      expect((plan as { type: string; key: string }[]).map((r) => [r.type, r.key])).toEqual([['range', 'chats_started_idx']]);
    } finally {
      await raw.end();
    }
  });
});
