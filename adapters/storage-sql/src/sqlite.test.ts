import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { conformanceFixtures as f, describeStorageConformance } from '@parley/conformance';
import { describeSqlAdapter, describeSqlSearchPaths } from '../test/adapter-suite.js';
import { createSqlStorage, type SqlStorage } from './index.js';
import { sqliteTraits } from './dialect.js';
import { migrations } from './migrations/index.js';
import { expectApiTokenScopesUpgrade, expectChatSearchKeysUpgrade, expectPerAccountEmailUpgrade } from './upgrade-checks.js';

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
