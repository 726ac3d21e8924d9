/**
 * Test helper (not part of the package's API): upgrades checked on every dialect, against a database the
 * caller made empty.
 */
import { StorageConflictError } from '@parley/core';
import { conformanceFixtures as f } from '@parley/conformance';
import { Migrator } from 'kysely';
import { expect } from 'vitest';
import { connect, parseStorageUrl } from './connect.js';
import { createSqlStorage } from './index.js';
import { migrations } from './migrations/index.js';

/**
 * Migration 0008 on a database with users: they keep their rows, password history and tickets, the same
 * email becomes possible in another account, and the history still references the users table.
 */
export const expectPerAccountEmailUpgrade = async (url: string): Promise<void> => {
  // A database as a release before 0008 left it.
  const { db, traits } = await connect(parseStorageUrl(url));
  // With 0009 (tickets' purpose) too, which 0008 does not touch, so the seeding below can use today's repositories.
  const before = Object.fromEntries(Object.entries(migrations(traits)).filter(([name]) => name < '0008' || name.startsWith('0009-')));
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => before },
    migrationTableName: 'parley_migration',
    migrationLockTableName: 'parley_migration_lock',
    allowUnorderedMigrations: true,
  });
  expect((await migrator.migrateToLatest()).error).toBeUndefined();
  await db.destroy();

  const s = await createSqlStorage({ url });
  try {
    const a = await f.seedAccount(s);
    const b = await f.seedAccount(s);
    const user = await f.seedUser(s, a.id);
    const history = { id: f.newId(), accountId: a.id, userId: user.id, passwordHash: 'h', setAt: user.passwordChangedAt };
    const ticket = { tokenHash: f.newId(), accountId: a.id, userId: user.id, createdAt: user.createdAt, expiresAt: f.instant(60_000), purpose: 'password_expired' as const };
    await s.transaction(async (tx) => {
      await tx.passwordHistory.add(history);
      await tx.passwordTickets.insert(ticket);
    });
    await expect(s.transaction((tx) => tx.users.insert(f.user(b.id, { email: user.email })))).rejects.toThrow(StorageConflictError);

    await s.migrate();

    expect(await s.read((r) => r.users.getByEmail(a.id, user.email))).toEqual(user);
    expect(await s.read((r) => r.passwordHistory.recent(a.id, user.id, 10))).toEqual([history]);
    expect(await s.read((r) => r.passwordTickets.get(ticket.tokenHash))).toEqual(ticket);
    const elsewhere = await f.seedUser(s, b.id, { email: user.email });
    expect(await s.read((r) => r.users.listByEmail(user.email, 10))).toEqual([user, elsewhere].sort((x, y) => (x.id < y.id ? -1 : 1)));
    // The history's reference now names the rebuilt table: deleting the user still cascades, and a stray row is refused.
    await s.transaction((tx) => tx.users.delete(a.id, user.id));
    expect(await s.read((r) => r.passwordHistory.recent(a.id, user.id, 10))).toEqual([]);
    await expect(s.transaction((tx) => tx.passwordHistory.add({ ...history, id: f.newId() }))).rejects.toThrow(/FOREIGN KEY/);
  } finally {
    await s.close();
  }
};
