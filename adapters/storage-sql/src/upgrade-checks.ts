/**
 * Test helper (not part of the package's API): upgrades checked on every dialect, against a database the
 * caller made empty.
 */
import { searchTerms, type Account, type User } from '@parley/core';
import { buildChat, buildChatEvent, conformanceFixtures as f } from '@parley/conformance';
import { Migrator, type Kysely } from 'kysely';
import { expect } from 'vitest';
import { connect, parseStorageUrl } from './connect.js';
import { createSqlStorage, type SqlStorage } from './index.js';
import { migrations } from './migrations/index.js';

/**
 * Migration 0008 on a database with users: they keep their rows, password history and tickets, the same
 * email becomes possible in another account, and the history still references the users table.
 */
export const expectPerAccountEmailUpgrade = async (url: string): Promise<void> => {
  // A database as a release before 0008 left it, with rows written as that release wrote them (raw SQL: today's
  // repositories write columns later migrations add).
  const connected = await connect(parseStorageUrl(url));
  // Untyped: the schema as that release had it, not today's.
  const db = connected.db as unknown as Kysely<any>;
  const { traits } = connected;
  const before = Object.fromEntries(Object.entries(migrations(traits)).filter(([name]) => name < '0008'));
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => before },
    migrationTableName: 'parley_migration',
    migrationLockTableName: 'parley_migration_lock',
    allowUnorderedMigrations: true,
  });
  expect((await migrator.migrateToLatest()).error).toBeUndefined();
  const a = f.account();
  const b = f.account();
  const user = f.user(a.id);
  const history = { id: f.newId(), accountId: a.id, userId: user.id, passwordHash: 'h', setAt: user.passwordChangedAt };
  const ticket = { tokenHash: f.newId(), accountId: a.id, userId: user.id, createdAt: user.createdAt, expiresAt: f.instant(60_000) };
  const accountRow = (x: Account) => ({
    id: x.id,
    name: x.name,
    plan: x.plan,
    settings: JSON.stringify(x.settings),
    created_at: x.createdAt,
    updated_at: x.updatedAt,
    version: x.version,
  });
  const userRow = (u: User) => ({
    id: u.id,
    account_id: u.accountId,
    email: u.email,
    name: u.name,
    role: u.role,
    status: u.status,
    password_hash: u.passwordHash,
    password_changed_at: u.passwordChangedAt,
    last_login_at: u.lastLoginAt,
    failed_login_count: u.failedLoginCount,
    locked_until: u.lockedUntil,
    created_at: u.createdAt,
    updated_at: u.updatedAt,
    version: u.version,
  });
  try {
    await db
      .insertInto('accounts')
      .values([accountRow(a), accountRow(b)])
      .execute();
    await db.insertInto('users').values(userRow(user)).execute();
    await db
      .insertInto('password_history')
      .values({ id: history.id, account_id: a.id, user_id: user.id, password_hash: 'h', set_at: history.setAt })
      .execute();
    await db
      .insertInto('password_tickets')
      .values({
        token_hash: ticket.tokenHash,
        user_id: user.id,
        account_id: a.id,
        created_at: ticket.createdAt,
        expires_at: ticket.expiresAt,
      })
      .execute();
    // Before 0008 an email was unique across the installation.
    await expect(
      db
        .insertInto('users')
        .values(userRow(f.user(b.id, { email: user.email })))
        .execute(),
    ).rejects.toThrow();
  } finally {
    await db.destroy();
  }

  const s = await createSqlStorage({ url });
  try {
    await s.migrate();

    expect(await s.read((r) => r.users.getByEmail(a.id, user.email))).toEqual(user);
    expect(await s.read((r) => r.passwordHistory.recent(a.id, user.id, 10))).toEqual([history]);
    // Tickets made before 0009 are of the one kind there was.
    expect(await s.read((r) => r.passwordTickets.get(ticket.tokenHash))).toEqual({ ...ticket, purpose: 'password_expired' });
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

/** A chat with three messages and a named visitor, written with today's repositories (the upgrade checks of search). */
const writeSearchedChat = async (s: SqlStorage) => {
  const account = await f.seedAccount(s);
  const widget = await f.seedWidget(s, account.id);
  const visitor = { ...buildChat(account.id, widget.id).visitor, name: 'Olwen Brackley', email: 'olwen@harbour.example' };
  const old = { ...buildChat(account.id, widget.id, { visitor }), lastSeq: 3 };
  const texts = ['parcel lost in transit', 'anything else?', 'second Parcel LOST too'];
  await s.transaction(async (r) => {
    await r.chats.insert(old);
    await r.chatEvents.appendMany(texts.map((text, i) => buildChatEvent(old, i + 1, { text })));
  });
  return { account, widget, old };
};

/** After an upgrade: that chat is found by its messages and its visitor, and so is one written after it. */
const expectSearchedChatFound = async (s: SqlStorage, { account, widget, old }: Awaited<ReturnType<typeof writeSearchedChat>>) => {
  const search = (query: string) => s.read((r) => r.chats.search(account.id, searchTerms(query), {}, { limit: 10, cursor: null }));
  expect((await search('parcel lost')).items).toEqual([{ chat: old, message: 'second Parcel LOST too' }]);
  expect((await search('brackley harbour')).items).toEqual([{ chat: old, message: null }]);
  const later = { ...buildChat(account.id, widget.id), lastSeq: 1 };
  await s.transaction(async (r) => {
    await r.chats.insert(later);
    await r.chatEvents.append(buildChatEvent(later, 1, { text: 'my parcel is lost' }));
  });
  // Newest first by id, as `list` pages (these ids are random, not time-ordered).
  expect((await search('parcel')).items.map((h) => h.chat.id)).toEqual([later.id, old.id].sort().reverse());
};

/**
 * Migration 0018 on a database with chats: the messages and visitors indexed by 0011 are found through the
 * renumbered index, with the newest matching message, and so are chats and messages written after it.
 */
export const expectChatSearchKeysUpgrade = async (url: string): Promise<void> => {
  const connected = await connect(parseStorageUrl(url));
  // With 0025 too, whose column (`chats.visitor_key`) today's repositories write; it touches no search table.
  const before = Object.fromEntries(
    Object.entries(migrations(connected.traits)).filter(([name]) => name < '0018' || name === '0025-chat-visitor-keys'),
  );
  const migrator = new Migrator({
    db: connected.db as unknown as Kysely<any>,
    provider: { getMigrations: async () => before },
    migrationTableName: 'parley_migration',
    migrationLockTableName: 'parley_migration_lock',
    allowUnorderedMigrations: true,
  });
  try {
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
  } finally {
    await connected.db.destroy();
  }

  // Today's repositories write the chat tables as they were before 0018 (with 0025's column), which added none of their columns.
  const s = await createSqlStorage({ url, searchScanChats: 0 });
  try {
    const written = await writeSearchedChat(s);
    await s.migrate();
    await expectSearchedChatFound(s, written);
  } finally {
    await s.close();
  }
};

/**
 * Takes migration `name` back on the database at `url` (its `down`, and its row in the migration table), so
 * that the next `migrate()` applies it again, as an upgrade applies it to older rows.
 */
export const takeBackMigration = async (url: string, name: string): Promise<void> => {
  const connected = await connect(parseStorageUrl(url));
  try {
    const db = connected.db as unknown as Kysely<any>;
    await migrations(connected.traits)[name]!.down!(db);
    await db.deleteFrom('parley_migration').where('name', '=', name).execute();
  } finally {
    await connected.db.destroy();
  }
};

/**
 * Migration 0021 (MySQL/MariaDB) on a database with chats: messages and visitors written before it are
 * indexed by it, found with the newest matching message, and so are chats written after it. The chats
 * are written with today's repositories, then 0021 is taken back (its `down` restores 0011's FULLTEXT
 * search and drops the word index) and applied again, as an upgrade applies it to older rows.
 */
export const expectChatSearchWordsUpgrade = async (url: string): Promise<void> => {
  const s = await createSqlStorage({ url, searchScanChats: 0 });
  try {
    await s.migrate();
    const written = await writeSearchedChat(s);
    await takeBackMigration(url, '0021-chat-search-words');
    await s.migrate();
    await expectSearchedChatFound(s, written);
  } finally {
    await s.close();
  }
};

/** Migration 0017 on a database with API tokens: they become `full` (what they could do) and never expire. */
export const expectApiTokenScopesUpgrade = async (url: string): Promise<void> => {
  const connected = await connect(parseStorageUrl(url));
  // Untyped: the schema as the release before 0017 had it.
  const db = connected.db as unknown as Kysely<any>;
  const before = Object.fromEntries(Object.entries(migrations(connected.traits)).filter(([name]) => name < '0017'));
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => before },
    migrationTableName: 'parley_migration',
    migrationLockTableName: 'parley_migration_lock',
    allowUnorderedMigrations: true,
  });
  expect((await migrator.migrateToLatest()).error).toBeUndefined();
  const a = f.account();
  const token = {
    id: f.newId(),
    accountId: a.id,
    tokenHash: f.randomHash(),
    label: 'Old script',
    createdAt: f.instant(),
    createdBy: f.newId(),
    lastUsedAt: null,
  };
  const accountRow = { id: a.id, name: a.name, plan: a.plan, settings: JSON.stringify(a.settings), version: a.version };
  try {
    await db
      .insertInto('accounts')
      .values({ ...accountRow, created_at: a.createdAt, updated_at: a.updatedAt })
      .execute();
    await db
      .insertInto('api_tokens')
      .values({
        id: token.id,
        account_id: a.id,
        token_hash: token.tokenHash,
        label: token.label,
        created_at: token.createdAt,
        created_by: token.createdBy,
        last_used_at: null,
      })
      .execute();
  } finally {
    await db.destroy();
  }

  const s = await createSqlStorage({ url });
  try {
    await s.migrate();
    expect(await s.read((r) => r.apiTokens.get(a.id, token.id))).toEqual({ ...token, scope: 'full', expiresAt: null });
  } finally {
    await s.close();
  }
};

/**
 * Every migration can be taken back, newest first, down to an empty database (only the bookkeeping tables left),
 * and applied again to a storage that works: a release can be rolled back one migration at a time.
 */
export const expectEveryMigrationTakenBack = async (url: string): Promise<void> => {
  const s = await createSqlStorage({ url });
  try {
    await s.migrate();
    const connected = await connect(parseStorageUrl(url));
    try {
      const names = Object.keys(migrations(connected.traits)).sort().reverse();
      for (const name of names) await takeBackMigration(url, name);
      const tables = (await connected.db.introspection.getTables()).map((t) => t.name).filter((t) => !t.startsWith('sqlite_'));
      expect(tables.sort()).toEqual(['parley_migration', 'parley_migration_lock']);
    } finally {
      await connected.db.destroy();
    }
    await s.migrate();
    const account = await f.seedAccount(s);
    const widget = await f.seedWidget(s, account.id);
    const chat = buildChat(account.id, widget.id);
    await s.transaction(async (r) => {
      await r.chats.insert(chat);
      await r.chatEvents.append(buildChatEvent(chat, 1, { text: 'after the round trip' }));
    });
    expect(await s.read((r) => r.chatEvents.list(account.id, chat.id, 0, 10))).toHaveLength(1);
  } finally {
    await s.close();
  }
};

/**
 * Migration 0028 on a database with labeled chats: the labels of the chats stored before it become rows, so that
 * lists by label find them (each once, a label twice in one array too), and not a chat without the label.
 */
export const expectChatLabelsUpgrade = async (url: string): Promise<void> => {
  const s = await createSqlStorage({ url });
  try {
    await s.migrate();
    const account = await f.seedAccount(s);
    const widget = await f.seedWidget(s, account.id);
    const [vip, bug] = ['label-vip', 'label-bug'];
    const chats = [[vip], [vip, bug, vip], [], [bug]].map((labels) => buildChat(account.id, widget.id, { labels }));
    await s.transaction(async (r) => {
      for (const chat of chats) await r.chats.insert(chat);
    });
    await takeBackMigration(url, '0028-chat-labels');
    await s.migrate();
    const listed = async (labelId: string) =>
      (await s.read((r) => r.chats.list(account.id, { labelId }, { cursor: null, limit: 10 }))).items.map((c) => c.id).sort();
    expect(await listed(vip)).toEqual([chats[0]!.id, chats[1]!.id].sort());
    expect(await listed(bug)).toEqual([chats[1]!.id, chats[3]!.id].sort());
  } finally {
    await s.close();
  }
};
