import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { StorageUnavailableError } from '@parley/core';
import { conformanceFixtures as f } from '@parley/conformance';
import { createSqlStorage, type SqlStorage } from './index.js';
import { mysqlTestUrl, TcpProxy } from './testing/index.js';

const open: { close(): Promise<unknown> | unknown }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

const dir = mkdtempSync(join(tmpdir(), 'parley-unavailable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every way in: a transaction, a read and a ping. */
const everyOperation = (storage: SqlStorage): (() => Promise<unknown>)[] => [
  () => storage.transaction((tx) => tx.accounts.insert(f.account())),
  () => storage.read((r) => r.accounts.count()),
  () => storage.ping(),
];

describe('storage-sql: a database that cannot be reached', () => {
  it('throws StorageUnavailableError on MySQL while the server is cut off, and works again once it is back', async (ctx) => {
    const db = await mysqlTestUrl();
    if ('skip' in db) return ctx.skip();
    open.push({ close: () => db.stop() });
    const proxy = await TcpProxy.start(db.url);
    open.push(proxy);
    const storage = await createSqlStorage({ url: proxy.url });
    open.push(storage);
    await storage.migrate();

    proxy.cut();
    for (const op of everyOperation(storage)) {
      const err = await op().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(StorageUnavailableError);
      expect((err as StorageUnavailableError).reason).toMatch(/^(ECONNREFUSED|ECONNRESET|PROTOCOL_CONNECTION_LOST|connection closed)$/);
    }

    proxy.restore();
    await storage.transaction((tx) => tx.accounts.insert(f.account()));
    expect(await storage.read((r) => r.accounts.count())).toBe(1);
  }, 30_000);

  it('throws StorageUnavailableError on SQLite when another process holds the file locked past the busy timeout', async () => {
    const file = join(dir, 'locked.db');
    const storage = await createSqlStorage({ url: `sqlite:${file}` });
    open.push(storage);
    await storage.migrate();
    const other = new Database(file);
    open.push({ close: () => other.close() });
    other.exec('BEGIN EXCLUSIVE');
    const err = await storage.transaction((tx) => tx.accounts.insert(f.account())).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageUnavailableError);
    expect((err as StorageUnavailableError).reason).toMatch(/^SQLITE_BUSY/);
    other.exec('ROLLBACK');
    await storage.transaction((tx) => tx.accounts.insert(f.account()));
  }, 20_000);

  it('leaves other errors alone', async () => {
    const storage = await createSqlStorage({ url: 'sqlite::memory:' });
    open.push(storage);
    await storage.migrate();
    const boom = new Error('not about the connection');
    await expect(storage.transaction(async () => Promise.reject(boom))).rejects.toBe(boom);
  });
});
