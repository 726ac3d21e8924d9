import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdtemp, readdir, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { build as tsupBuild } from 'tsup';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { searchTerms, startedCursor, type ChatListFilter } from '@parley/core';
import { buildChat, buildChatEvent, conformanceFixtures as f, describeStorageConformance } from '@parley/conformance';
import { describeSqlAdapter, describeSqlSearchPaths } from '../test/adapter-suite.js';
import { createSqlStorage, type SqlStorage } from './index.js';
import { connect, parseStorageUrl } from './connect.js';
import { startSqliteCheckpointer } from './sqlite-checkpointer.js';
import { sqliteTraits } from './dialect.js';
import { migrations } from './migrations/index.js';
import { indexPendingMessages, mergeSearchIndex, SEARCH_INDEX_BATCH, SEARCH_MERGE_STEPS } from './search-index.js';
import {
  expectApiTokenScopesUpgrade,
  expectChatLabelsUpgrade,
  expectChatSearchKeysUpgrade,
  expectEveryMigrationTakenBack,
  expectPerAccountEmailUpgrade,
  takeBackMigration,
} from './upgrade-checks.js';

/**
 * Runs `script` as a file of `dir` in a Node.js process of its own (from a file: a script given with `-e` stayed up
 * where the same file exited), and answers its exit code and what it printed.
 */
const runScript = async (dir: string, script: string, env?: NodeJS.ProcessEnv): Promise<{ code: unknown; out: string }> => {
  await writeFile(join(dir, 'script.mjs'), script);
  const child = spawn(process.execPath, [join(dir, 'script.mjs')], { stdio: ['ignore', 'pipe', 'inherit'], env: env ?? process.env });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  return { code, out: out.trim() };
};

const dirs = new WeakMap<SqlStorage, string>();

/** A migrated storage on a fresh file in a fresh temporary directory (whose subdirectory does not exist yet). */
const create = async (options: { searchScanChats?: number } = {}): Promise<SqlStorage> => {
  const dir = await mkdtemp(join(tmpdir(), 'parley-sqlite-'));
  const storage = await createSqlStorage({ url: `sqlite:${join(dir, 'data', 'parley.db')}`, ...options });
  await storage.migrate();
  dirs.set(storage, dir);
  return storage;
};

const destroy = async (storage: SqlStorage): Promise<void> => {
  await storage.close();
  const dir = dirs.get(storage);
  if (dir) await rm(dir, { recursive: true, force: true });
};

describeStorageConformance('sqlite', { create: () => create(), destroy: (s) => destroy(s as SqlStorage) });
describeSqlAdapter('sqlite', { create: () => create(), destroy });
describeSqlSearchPaths('sqlite', { create, destroy });

describe('storage-sql (sqlite): files', () => {
  const cleanup: string[] = [];
  afterEach(async () => {
    for (const d of cleanup.splice(0)) await rm(d, { recursive: true, force: true });
  });

  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-sqlite-'));
    cleanup.push(dir);
    return dir;
  };

  it('creates the file and its missing parent directories', async () => {
    const file = join(await tempDir(), 'a', 'b', 'parley.db');
    const s = await createSqlStorage({ url: `sqlite:${file}` });
    try {
      await s.migrate();
      expect(existsSync(file)).toBe(true);
      expect(s.capabilities).toEqual({ name: 'sqlite', durable: true });
    } finally {
      await s.close();
    }
  });

  it('applies migrations once, however often migrate() runs', async () => {
    const url = `sqlite:${join(await tempDir(), 'parley.db')}`;
    const logged: string[] = [];
    const logger = {
      info: (m: string, fields?: Record<string, unknown>) => logged.push(`${m} ${String(fields?.migration)}`),
      warn: () => {},
    };
    const s = await createSqlStorage({ url, logger });
    await s.migrate();
    await s.migrate();
    await s.close();
    const again = await createSqlStorage({ url, logger });
    await again.migrate();
    await again.close();
    // Every migration once, in name order (whoever adds one need not edit this test).
    const names = Object.keys(migrations(sqliteTraits(true))).sort();
    expect(logged).toEqual(names.map((n) => `storage-sql: applied migration ${n}`));
  });

  it('keeps data across close and reopen', async () => {
    const url = `sqlite:${join(await tempDir(), 'parley.db')}`;
    const s = await createSqlStorage({ url });
    await s.migrate();
    const account = await f.seedAccount(s);
    const user = await f.seedUser(s, account.id);
    const [entry] = await f.seedAudit(s, account.id, [{}]);
    await s.close();

    const reopened = await createSqlStorage({ url });
    try {
      await reopened.migrate();
      await reopened.read(async (r) => {
        expect(await r.accounts.get(account.id)).toEqual(account);
        expect(await r.users.getByEmail(account.id, user.email)).toEqual(user);
        expect(await r.audit.get(account.id, entry!.id)).toEqual(entry);
      });
    } finally {
      await reopened.close();
    }
  });

  it('keeps users, their password history and tickets when 0008 makes emails unique per account', async () => {
    await expectPerAccountEmailUpgrade(`sqlite:${join(await tempDir(), 'parley.db')}`);
  });

  it('finds the chats indexed before 0018 through its renumbered index, and those written after it', async () => {
    await expectChatSearchKeysUpgrade(`sqlite:${join(await tempDir(), 'parley.db')}`);
  });

  it('makes API tokens of before 0017 full and never expiring', async () => {
    await expectApiTokenScopesUpgrade(`sqlite:${join(await tempDir(), 'parley.db')}`);
  });

  it('lists by label the chats labeled before 0028', async () => {
    await expectChatLabelsUpgrade(`sqlite:${join(await tempDir(), 'parley.db')}`);
  });

  it('takes back every migration, newest first, to an empty database, and applies them again', async () => {
    await expectEveryMigrationTakenBack(`sqlite:${join(await tempDir(), 'parley.db')}`);
  });

  it('uses WAL and enforces foreign keys', async () => {
    const url = `sqlite:${join(await tempDir(), 'parley.db')}`;
    const s = await createSqlStorage({ url });
    try {
      await s.migrate();
      // A user of an account that does not exist violates users.account_id's foreign key.
      await expect(s.transaction((tx) => tx.users.insert(f.user(f.newId())))).rejects.toThrow(/FOREIGN KEY/);
    } finally {
      await s.close();
    }
    const { default: Sqlite } = await import('better-sqlite3');
    const raw = new Sqlite(url.slice('sqlite:'.length), { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }
  });

  // SQLite names its temporary files etilqs_*, and deletes each as soon as it has opened it.
  const openTemporaryFiles = async (): Promise<string[]> => {
    const fds = await readdir('/proc/self/fd');
    const targets = await Promise.all(fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
    return targets.filter((t) => t.includes('etilqs_'));
  };

  it.runIf(existsSync('/proc/self/fd'))('keeps a statement journal in memory, not in a temporary file', async () => {
    const s = await create();
    try {
      const account = await f.seedAccount(s);
      const widget = await f.seedWidget(s, account.id);
      // Chats of about a page each, so that advancing them all changes 64 pages that were written before.
      const chats = Array.from({ length: 64 }, () => buildChat(account.id, widget.id, { question: 'x'.repeat(3000) }));
      await s.transaction(async (tx) => {
        for (const c of chats) await tx.chats.insert(c);
      });
      // One statement after another one in a transaction journals the prior content of each page it changes,
      // so that it can be undone alone: some 256 KB here, past the 64 KB that SQLite keeps in memory unless
      // told to keep it all there.
      const during = await s.transaction(async (tx) => {
        await tx.chats.lockMany(
          account.id,
          chats.map((c) => c.id),
        );
        const advanced = await tx.chats.advanceMany(
          account.id,
          chats.map((c) => ({ chat: { ...c, lastSeq: 1 }, expectedVersion: c.version })),
        );
        expect(advanced).toBe(64);
        return openTemporaryFiles();
      });
      expect(during).toEqual([]);
    } finally {
      await destroy(s);
    }
  });

  it('sqlite::memory: is not durable', async () => {
    const s = await createSqlStorage({ url: 'sqlite::memory:' });
    try {
      await s.migrate();
      expect(s.capabilities).toEqual({ name: 'sqlite', durable: false });
      const account = await f.seedAccount(s);
      expect(await s.read((r) => r.accounts.get(account.id))).toEqual(account);
    } finally {
      await s.close();
    }
  });
});

const Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof import('better-sqlite3');

/** What `fn` answers, and the statements matching `pattern` it had SQLite prepare (each once, then kept). */
const preparedBy = async <T>(fn: () => Promise<T>, pattern: RegExp): Promise<{ value: T; statements: string[] }> => {
  const prepare = vi.spyOn(Sqlite.prototype, 'prepare');
  try {
    const value = await fn();
    return { value, statements: prepare.mock.calls.map(([text]) => text).filter((text) => pattern.test(text)) };
  } finally {
    prepare.mockRestore();
  }
};

/** SQLite's plan of each statement over `storage`'s file, its steps joined by `; `. */
const plansOf = (storage: SqlStorage, statements: readonly string[]): string[] => {
  const raw = new Sqlite(join(dirs.get(storage)!, 'data', 'parley.db'), { readonly: true });
  try {
    return statements.map((text) =>
      (raw.prepare(`explain query plan ${text}`).all(...Array((text.match(/\?/g) ?? []).length).fill(null)) as { detail: string }[])
        .map((r) => r.detail)
        .join('; '),
    );
  } finally {
    raw.close();
  }
};

describe('storage-sql (sqlite): query plans', () => {
  it('lists the chats of one status, one agent or a range of starts, an agent’s chats closed since, or offline requests not handled, from their indexes', async () => {
    const storage = await create();
    try {
      const account = await f.seedAccount(storage);
      const widget = await f.seedWidget(storage, account.id);
      const [rare, common] = [f.newId(), f.newId()];
      await storage.transaction(async (tx) => {
        for (let i = 0; i < 200; i++)
          await tx.chats.insert(
            buildChat(account.id, widget.id, { status: i % 100 === 0 ? 'active' : 'closed', agentId: i % 100 === 1 ? rare : common }),
          );
      });
      // The statements the lists run, as SQLite prepares them.
      const list = async (filter: ChatListFilter) =>
        (await storage.read((r) => r.chats.list(account.id, filter, { cursor: null, limit: 200 }))).items.length;
      const later = new Date(Date.now() + 60_000).toISOString();
      const { value: found, statements } = await preparedBy(
        async () => [
          await list({ widgetIds: [widget.id], status: 'active', updatedBefore: later }), // the quiet-chat sweep
          await list({ status: 'active' }), // the history's status filter
          await list({ agentId: rare }), // the history's agent filter
          await list({ agentId: common, status: 'closed', closedAfter: later }), // an agent's stream catching up
          await list({ handled: false }), // the history's offline requests not handled
          await list({ from: '2000-01-01T00:00:00.000Z', to: later }), // the history's From and To
          (
            await storage.read((r) =>
              r.chats.list(
                account.id,
                { from: '2000-01-01T00:00:00.000Z' },
                { cursor: startedCursor.of({ createdAt: later, id: 'z' }), limit: 200 },
              ),
            )
          ).items.length, // and its next page
        ],
        /from "chats"/,
      );
      expect(found).toEqual([2, 2, 2, 0, 0, 200, 200]);
      expect(statements).toHaveLength(7);
      const plans = plansOf(storage, statements);
      expect(plans).toEqual([
        expect.stringContaining('USING INDEX chats_status_idx (account_id=? AND status=?)'),
        expect.stringContaining('USING INDEX chats_status_idx (account_id=? AND status=?)'),
        expect.stringContaining('USING INDEX chats_agent_list_idx (account_id=? AND agent_id=?)'),
        expect.stringContaining('USING INDEX chats_agent_idx (account_id=? AND agent_id=? AND status=? AND closed_at>?)'),
        expect.stringContaining('USING INDEX chats_handled_idx (account_id=? AND kind=? AND handled_at=?)'),
        // From the range's end, in the list's order: no sort of the range (a temporary B-tree).
        expect.stringMatching(/^SEARCH chats USING INDEX chats_started_idx \(account_id=\? AND created_at>\? AND created_at<\?\)$/),
        expect.stringMatching(/^SEARCH chats USING INDEX chats_started_idx \(account_id=\? AND created_at>\? AND created_at<\?\)$/),
      ]);
    } finally {
      await destroy(storage);
    }
  });
});

describe('storage-sql (sqlite): lists by label', () => {
  it('reads a rare label’s chats first, and walks the chats newest first checking a common one, sorting neither', async () => {
    const storage = await create();
    try {
      const account = await f.seedAccount(storage);
      const widget = await f.seedWidget(storage, account.id);
      const [rare, common] = ['label-rare', 'label-common'];
      const ids = Array.from({ length: 5100 }, () => f.newId()).sort();
      await storage.transaction(async (tx) => {
        for (const [i, id] of ids.entries())
          await tx.chats.insert(buildChat(account.id, widget.id, { id, labels: i % 1000 === 1 ? [rare, common] : [common] }));
      });
      const page = (labelId: string, cursor: string | null = null) =>
        storage.read((r) => r.chats.list(account.id, { labelId }, { cursor, limit: 2 }));
      const {
        value: [rarePage, commonPage],
        statements,
      } = await preparedBy(async () => [await page(rare), await page(common)], /^select \* from "chats"/);
      expect(rarePage!.items.map((c) => c.id)).toEqual([ids[5001], ids[4001]]);
      expect(commonPage!.items.map((c) => c.id)).toEqual([ids[5099], ids[5098]]);
      expect((await page(common, commonPage!.nextCursor)).items.map((c) => c.id)).toEqual([ids[5097], ids[5096]]);
      expect(statements).toHaveLength(2);
      const plans = plansOf(storage, statements);
      expect(plans[0]).toMatch(/chat_labels/);
      expect(plans[1]).toMatch(
        /^SEARCH chats USING INDEX chats_account_idx \(account_id=\?\); SEARCH chat_labels EXISTS USING COVERING INDEX/,
      );
      for (const plan of plans) expect(plan).not.toMatch(/TEMP B-TREE/);
    } finally {
      await destroy(storage);
    }
  });
});

describe('storage-sql (sqlite): messages reach the search index in batches', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  /** A migrated storage on `url` (a fresh file when absent) that searches through the index only. */
  const open = async (options: { url?: string; searchIndexDelayMs?: number } = {}) => {
    let url = options.url;
    if (!url) {
      const dir = await mkdtemp(join(tmpdir(), 'parley-sqlite-'));
      cleanup.push(() => rm(dir, { recursive: true, force: true }));
      url = `sqlite:${join(dir, 'parley.db')}`;
    }
    const s = await createSqlStorage({ url, searchScanChats: 0, searchIndexDelayMs: options.searchIndexDelayMs ?? 60_000 });
    cleanup.push(() => s.close());
    await s.migrate();
    return { s, url };
  };

  /** The messages noted for the index and not yet in it, read through a connection of its own. */
  const noted = async (url: string): Promise<number> => {
    const { default: Sqlite } = await import('better-sqlite3');
    const raw = new Sqlite(url.slice('sqlite:'.length), { readonly: true });
    try {
      return (raw.prepare('select count(*) as n from chat_search_pending').get() as { n: number }).n;
    } finally {
      raw.close();
    }
  };

  /** A chat of a new account whose messages are `texts`. */
  const chatWith = async (s: SqlStorage, texts: readonly string[]) => {
    const account = await f.seedAccount(s);
    const widget = await f.seedWidget(s, account.id);
    const chat = { ...buildChat(account.id, widget.id), lastSeq: texts.length };
    await s.transaction(async (tx) => {
      await tx.chats.insert(chat);
      await tx.chatEvents.appendMany(texts.map((text, i) => buildChatEvent(chat, i + 1, { text })));
    });
    const search = async (query: string) =>
      (await s.read((r) => r.chats.search(account.id, searchTerms(query), {}, { limit: 10, cursor: null }))).items;
    return { chat, search };
  };

  it('notes a committed message for the index, and a search indexes it first and finds it', async () => {
    const { s, url } = await open();
    const { chat, search } = await chatWith(s, ['my parcel never arrived', 'tracking says delivered']);
    expect(await noted(url)).toBe(2);
    expect(await search('parcel arrived')).toEqual([{ chat, message: 'my parcel never arrived' }]);
    expect(await noted(url)).toBe(0);
    expect(await search('tracking')).toEqual([{ chat, message: 'tracking says delivered' }]);
  });

  it('indexes what commits noted shortly after them, with no search', async () => {
    const { s, url } = await open({ searchIndexDelayMs: 10 });
    const { chat, search } = await chatWith(s, ['the invoice is wrong']);
    await vi.waitFor(async () => expect(await noted(url)).toBe(0), { timeout: 5000, interval: 20 });
    expect(await search('invoice')).toEqual([{ chat, message: 'the invoice is wrong' }]);
  });

  it(`indexes more than a batch (${SEARCH_INDEX_BATCH}) of noted messages before a search, in order`, async () => {
    const { s, url } = await open();
    const texts = Array.from({ length: SEARCH_INDEX_BATCH * 2 + 7 }, (_, i) => `message number${i}`);
    const { chat, search } = await chatWith(s, texts);
    expect(await noted(url)).toBe(texts.length);
    expect(await search('number0')).toEqual([{ chat, message: 'message number0' }]);
    expect(await search(`number${texts.length - 1}`)).toEqual([{ chat, message: texts.at(-1) }]);
    expect(await noted(url)).toBe(0);
  });

  it('finds messages noted by a process that stopped before indexing them', async () => {
    const { s, url } = await open();
    const { chat } = await chatWith(s, ['refund for order 4411 please']);
    // Another process over the same file, as after a crash: the first never indexed its message.
    const { s: next } = await open({ url });
    expect(await noted(url)).toBe(1);
    const found = await next.read((r) => r.chats.search(chat.accountId, searchTerms('refund 4411'), {}, { limit: 10, cursor: null }));
    expect(found.items).toEqual([{ chat, message: 'refund for order 4411 please' }]);
  });

  it('merges the message index in short steps after each batch, so that no batch merges, and finds every message after', async () => {
    const { s, url } = await open();
    const { db, stopped } = await connect(parseStorageUrl(url));
    cleanup.push(async () => {
      await db.destroy();
      await stopped;
    });
    const config = await sql<{ v: number }>`select v from chat_text_search_config where k = 'automerge'`.execute(db);
    expect(config.rows).toEqual([{ v: 0 }]);
    // 80 batches of 40, each followed by merge steps as the storage runs them. FTS5 would merge inside a
    // batch every 64 leaf pages written (automerge), or at 16 segments on a level (crisismerge) when
    // nothing else merges them: the batch doing so would write more than the others.
    const texts = Array.from({ length: 80 * 40 }, (_, i) => `parcel ${i} word${i % 7} tracking${i}`);
    const { chat, search } = await chatWith(s, texts);
    const changes = async () => Number((await sql<{ n: number }>`select total_changes() as n`.execute(db)).rows[0]?.n);
    const written: number[] = [];
    let merged = 0;
    for (let i = 0; i < 80; i++) {
      const before = await changes();
      expect(await indexPendingMessages(db, 40)).toBe(40);
      written.push((await changes()) - before);
      for (let step = 0; step < SEARCH_MERGE_STEPS && (await mergeSearchIndex(db)); step++) merged++;
    }
    expect(new Set(written).size, `changes written by each batch: ${written.join(', ')}`).toBe(1);
    expect(merged, 'steps that merged').toBeGreaterThan(0);
    expect(await mergeSearchIndex(db), 'nothing is left to merge').toBe(false);
    await sql`insert into chat_text_search (chat_text_search) values ('integrity-check')`.execute(db);
    expect(await search('tracking3199')).toEqual([{ chat, message: texts[3199] }]);
    expect(await search('tracking0')).toEqual([{ chat, message: texts[0] }]);
    const { rows } = await sql<{ n: number }>`select count(*) as n from chat_text_search where chat_text_search match 'parcel'`.execute(db);
    expect(rows[0]?.n).toBe(texts.length);
  });

  it('runs the merge steps after its own batches', async () => {
    const { s, url } = await open({ searchIndexDelayMs: 10 });
    for (let round = 0; round < 5; round++) {
      await chatWith(
        s,
        Array.from({ length: SEARCH_INDEX_BATCH }, (_, i) => `round${round} message${i}`),
      );
      await vi.waitFor(async () => expect(await noted(url)).toBe(0), { timeout: 5000, interval: 20 });
    }
    await s.close(); // waits for the steps after the last batch
    const { db, stopped } = await connect(parseStorageUrl(url));
    try {
      // Five batches, five segments: a level of four or more is what a merge step merges; the steps did.
      expect(await mergeSearchIndex(db), 'something was left to merge').toBe(false);
    } finally {
      await db.destroy();
      await stopped;
    }
  });

  it('indexes what is noted when it closes', async () => {
    const { s, url } = await open();
    await chatWith(s, ['closing time']);
    expect(await noted(url)).toBe(1);
    await s.close();
    expect(await noted(url)).toBe(0);
  });

  it('0022 taken back indexes what was noted and indexes each message at its commit again; applied again, it notes them', async () => {
    const { s, url } = await open();
    const first = await chatWith(s, ['before the downgrade']);
    await takeBackMigration(url, '0022-chat-search-pending');
    // Before 0022 (as this release's storage writes it): indexed at its commit by 0018's trigger.
    const { default: Sqlite } = await import('better-sqlite3');
    const raw = new Sqlite(url.slice('sqlite:'.length), { readonly: true });
    const indexed = () =>
      (raw.prepare(`select count(*) as n from chat_text_search where chat_text_search match 'downgrade OR during'`).get() as { n: number })
        .n;
    try {
      expect(indexed()).toBe(1);
      const second = await chatWith(s, ['during the downgrade']);
      expect(indexed()).toBe(2);
      await s.migrate();
      expect(await first.search('before downgrade')).toEqual([{ chat: first.chat, message: 'before the downgrade' }]);
      expect(await second.search('during downgrade')).toEqual([{ chat: second.chat, message: 'during the downgrade' }]);
      const third = await chatWith(s, ['after the upgrade']);
      expect(await noted(url)).toBe(1);
      expect(await third.search('after upgrade')).toEqual([{ chat: third.chat, message: 'after the upgrade' }]);
    } finally {
      raw.close();
    }
  });
});

describe('storage-sql (sqlite): WAL checkpoints on a thread of their own', () => {
  it('copies committed pages into the database file in the background, long before the committing connection would', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-sqlite-'));
    const file = join(dir, 'parley.db');
    const { db, stopped } = await connect(parseStorageUrl(`sqlite:${file}`));
    try {
      const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db);
      expect(rows[0]?.wal_autocheckpoint).toBe(8000);
      await sql`create table filler (x blob)`.execute(db);
      const before = statSync(file).size;
      // 100 pages in 10 commits: below the threshold at which the committing connection checkpoints, even
      // the 250 pages it keeps without the thread.
      for (let i = 0; i < 10; i++)
        await db.transaction().execute(async (tx) => {
          for (let n = 0; n < 10; n++) await sql`insert into filler (x) values (zeroblob(4000))`.execute(tx);
        });
      await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(before + 350_000), { timeout: 5000, interval: 20 });
    } finally {
      await db.destroy();
      await stopped;
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('starts the WAL over under a steady stream of transactions: each waits for a quiet moment the thread asks for', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-sqlite-'));
    const file = join(dir, 'parley.db');
    // Quiet moments from 50 frames, checked every 10 ms; the committing connection's backstop stays at 8,000 pages.
    const { db, stopped } = await connect(parseStorageUrl(`sqlite:${file}`), {
      startCheckpointer: (filename, onFailure) => startSqliteCheckpointer(filename, { intervalMs: 10, quietFrames: 50, onFailure }),
    });
    try {
      await sql`create table filler (n integer primary key, x blob)`.execute(db);
      // The thread is up once it has copied a first page into the file.
      const before = statSync(file).size;
      await sql`insert into filler (n, x) values (0, zeroblob(3000))`.execute(db);
      await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(before), { timeout: 5000, interval: 5 });
      // Transactions one after another, each writing a page or two: without quiet moments a commit lands during
      // nearly every checkpoint, and the WAL only starts over at the backstop (32 MB: these 20,000 transactions
      // write more than its 8,000 pages; about 6 MB with them). A count, not a time: a busy machine only
      // gives the thread more room.
      const written = 20_000;
      let largestWal = 0;
      for (let n = 1; n <= written; n++) {
        await db.transaction().execute(async (tx) => {
          await sql`insert into filler (n, x) values (${n}, zeroblob(3000))`.execute(tx);
        });
        largestWal = Math.max(largestWal, statSync(`${file}-wal`).size);
      }
      expect(largestWal, 'the WAL file starts over long before the backstop').toBeLessThan(16_000_000);
      const { rows } = await sql<{ n: number }>`select count(*) as n from filler`.execute(db);
      expect(rows[0]?.n, 'every transaction that waited was written').toBe(written + 1);
    } finally {
      await db.destroy();
      await stopped;
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('stops the thread and closes the file when closed before any query', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-sqlite-'));
    try {
      const { db, stopped } = await connect(parseStorageUrl(`sqlite:${join(dir, 'parley.db')}`));
      await db.destroy();
      await stopped;
      expect(existsSync(join(dir, 'parley.db-wal')), 'the WAL is checkpointed away when the last connection closes').toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps a process with nothing else to do alive through a quiet moment, so that its transaction is written', async () => {
    // A script over the library (as the CLI is): nothing holds its event loop open but what the storage does.
    // Another connection fills the WAL past the thread's mark, so that the thread asks for a quiet moment and
    // one of the storage's transactions waits for it. This runs the built package (`npm test` builds first).
    const built = new URL('../dist/index.js', import.meta.url);
    expect(existsSync(built), 'the package is built').toBe(true);
    const dir = await mkdtemp(join(tmpdir(), 'parley-sqlite-'));
    const file = join(dir, 'parley.db');
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    try {
      const script = `
        import { createRequire } from 'node:module';
        import { createSqlStorage } from ${JSON.stringify(built.href)};
        const Database = createRequire(import.meta.url)(${JSON.stringify(driver)});
        const file = ${JSON.stringify(file)};
        const storage = await createSqlStorage({ url: 'sqlite:' + file });
        await storage.migrate();
        const other = new Database(file);
        other.exec('create table filler (x blob)');
        const fill = other.prepare('insert into filler values (zeroblob(4000))');
        other.transaction(() => { for (let i = 0; i < 5000; i++) fill.run(); })();
        other.close();
        // Transactions for a second, a few milliseconds apart: one of them begins while the thread asks.
        for (const until = Date.now() + 1000; Date.now() < until; ) {
          await storage.transaction(async (tx) => { await tx.accounts.get('none'); });
          await new Promise((resolve) => setTimeout(resolve, 2));
        }
        console.log('written');
        await storage.close();`;
      expect(await runScript(dir, script)).toEqual({ code: 0, out: 'written' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps a process with nothing else to do alive through a quiet moment that outlasts its bound', async () => {
    // The thread's checkpoint in a quiet moment copies what was written since its last one: here 2 MB, with a
    // bound of 1 ms, so nearly every quiet moment ends by its bound while the thread still copies. Nothing else
    // holds the script's event loop open (the thread is unref'd, the driver is synchronous): the bound must.
    // The checkpointer is built from its source for the script, which runs it as a library user would.
    const dir = await mkdtemp(join(tmpdir(), 'parley-sqlite-'));
    const file = join(dir, 'parley.db');
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    try {
      await tsupBuild({
        entry: { checkpointer: fileURLToPath(new URL('./sqlite-checkpointer.ts', import.meta.url)) },
        outDir: dir,
        format: ['esm'],
        platform: 'node',
        target: 'node20',
        config: false,
        silent: true,
      });
      const script = `
        import { createRequire } from 'node:module';
        import { startSqliteCheckpointer } from './checkpointer.js';
        const Database = createRequire(import.meta.url)('better-sqlite3');
        const db = new Database(${JSON.stringify(file)});
        db.pragma('journal_mode = WAL');
        db.pragma('wal_autocheckpoint = 0');
        db.exec('create table filler (x blob)');
        const fill = db.prepare('insert into filler values (zeroblob(4000))');
        const write = db.transaction(() => { for (let i = 0; i < 500; i++) fill.run(); });
        const checkpointer = startSqliteCheckpointer(${JSON.stringify(file)}, { intervalMs: 20, quietFrames: 1, quietMaxMs: 1 });
        let quiet = 0;
        while (quiet < 20) {
          write(); // what the thread's next checkpoint copies
          const moment = checkpointer.quiet();
          if (moment === null) await new Promise((resolve) => setTimeout(resolve, 2));
          else {
            await moment;
            quiet++;
          }
        }
        console.log('quiet moments: ' + quiet);
        checkpointer.stop();
        await checkpointer.stopped;
        db.close();`;
      // The driver is found from the repository's packages, as the script's own folder has none.
      const env = { ...process.env, NODE_PATH: join(root, 'node_modules') };
      expect(await runScript(dir, script, env)).toEqual({ code: 0, out: 'quiet moments: 20' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('tells of a thread that ended by itself, and not of one asked to stop', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-sqlite-'));
    const file = join(dir, 'parley.db');
    try {
      const { db, stopped } = await connect(parseStorageUrl(`sqlite:${file}`));
      await db.destroy();
      await stopped;
      const failures: Error[] = [];
      const onFailure = (e: Error) => failures.push(e);
      const missing = startSqliteCheckpointer(join(dir, 'missing.db'), { intervalMs: 10, onFailure });
      await missing.stopped;
      expect(failures.map((e) => e.message)).toEqual([expect.stringMatching(/unable to open/i)]);
      const fine = startSqliteCheckpointer(file, { intervalMs: 10, onFailure });
      await new Promise((r) => setTimeout(r, 50));
      fine.stop();
      await fine.stopped;
      expect(failures).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('checkpoints on its own committing connection again, and says so, when the thread ends by itself', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-sqlite-'));
    const warnings: string[] = [];
    const { db, stopped } = await connect(parseStorageUrl(`sqlite:${join(dir, 'parley.db')}`), {
      logger: { warn: (message) => warnings.push(message) },
      // A thread whose connection cannot open: it ends at once, by itself.
      startCheckpointer: (_filename, onFailure) => startSqliteCheckpointer(join(dir, 'missing.db'), { onFailure }),
    });
    try {
      const autocheckpoint = async () =>
        (await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db)).rows[0]?.wal_autocheckpoint;
      await vi.waitFor(async () => expect(await autocheckpoint()).toBe(250), { timeout: 5000, interval: 20 });
      expect(warnings).toEqual([expect.stringContaining('checkpoint thread stopped')]);
    } finally {
      await db.destroy();
      await stopped;
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('stops the thread when the storage closes, and the WAL is checkpointed away', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-sqlite-'));
    const file = join(dir, 'parley.db');
    try {
      const s = await createSqlStorage({ url: `sqlite:${file}` });
      await s.migrate();
      await f.seedAccount(s);
      expect(existsSync(`${file}-wal`)).toBe(true);
      await s.close(); // settles only once the thread has ended
      expect(existsSync(`${file}-wal`)).toBe(false);
      const reopened = await createSqlStorage({ url: `sqlite:${file}` });
      await reopened.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('storage-sql (sqlite): another process writing to the same file', () => {
  it('does not fail a transaction that read before another process wrote: transactions take the write lock first', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-sqlite-'));
    const file = join(dir, 'parley.db');
    const s = await createSqlStorage({ url: `sqlite:${file}` });
    try {
      await s.migrate();
      const account = await f.seedAccount(s);
      // Another process (as a second host or the CLI would) writes to the file in a loop of short transactions.
      const driver = createRequire(import.meta.url).resolve('better-sqlite3');
      const writer = spawn(
        process.execPath,
        [
          '-e',
          `const D = require(${JSON.stringify(driver)}); const db = new D(${JSON.stringify(file)});
           db.pragma('busy_timeout = 5000'); db.exec('create table if not exists filler (x integer)');
           const pause = new Int32Array(new SharedArrayBuffer(4)); const end = Date.now() + 1500; let n = 0;
           process.stdout.write('writing\\n');
           const insert = db.prepare('insert into filler values (?)');
           while (Date.now() < end) {
             try { db.exec('begin immediate'); insert.run(n++); db.exec('commit'); }
             catch (e) { if (db.inTransaction) db.exec('rollback'); if (e.code !== 'SQLITE_BUSY') throw e; }
             Atomics.wait(pause, 0, 0, 1);
           }
           db.close(); process.stdout.write('wrote ' + n + '\\n');`,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      writer.stdout.on('data', (d) => (out += d));
      const exited = new Promise((resolve) => writer.once('exit', resolve));
      await vi.waitFor(() => expect(out).toContain('writing'), { timeout: 10_000 });
      // Each transaction reads, lets the other process run, then writes.
      let done = 0;
      while (!out.includes('wrote') && writer.exitCode === null) {
        await s.transaction(async (tx) => {
          expect(await tx.accounts.get(account.id)).not.toBeNull();
          await new Promise((r) => setTimeout(r, 2));
          await tx.users.insert(f.user(account.id));
        });
        done++;
      }
      expect(await exited).toBe(0);
      expect(done).toBeGreaterThan(10);
    } finally {
      await s.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
