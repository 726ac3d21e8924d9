import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectTraits } from '../dialect.js';

/**
 * An email is unique within an account, no longer across the installation: a unique key on
 * (account_id, email) replaces the one on email, and a plain index on email serves login, which looks an
 * address up in every account. Frozen once released.
 *
 * MySQL changes the keys in place. SQLite cannot drop a table constraint, so the table is rebuilt
 * (SQLite's documented twelve steps): with foreign keys off, so that dropping the old table cascades
 * nothing into password_history and password_tickets, whose references then name the new table.
 */

// Untyped on purpose: a migration describes the schema as it was then.
type AnyDb = Kysely<any>;

const ID = 'varchar(64)';
const INSTANT = 'varchar(32)';

const createUsersTable = (db: AnyDb, name: string) =>
  db.schema
    .createTable(name)
    .addColumn('id', ID, (c) => c.primaryKey())
    .addColumn('account_id', ID, (c) => c.notNull())
    .addColumn('email', 'varchar(320)', (c) => c.notNull())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('role', 'varchar(32)', (c) => c.notNull())
    .addColumn('status', 'varchar(32)', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('password_changed_at', INSTANT, (c) => c.notNull())
    .addColumn('last_login_at', INSTANT)
    .addColumn('failed_login_count', 'integer', (c) => c.notNull())
    .addColumn('locked_until', INSTANT)
    .addColumn('created_at', INSTANT, (c) => c.notNull())
    .addColumn('updated_at', INSTANT, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull());

const COLUMNS = sql.raw(
  'id, account_id, email, name, role, status, password_hash, password_changed_at, last_login_at, failed_login_count, locked_until, created_at, updated_at, version',
);

/** Rebuilds `users` with `unique` as its email key, inside one transaction with foreign keys off. */
const rebuildSqliteUsers = async (db: AnyDb, unique: readonly ('account_id' | 'email')[], uniqueName: string): Promise<void> => {
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin`.execute(db);
    try {
      await createUsersTable(db, 'users_rebuilt')
        .addUniqueConstraint(uniqueName, [...unique])
        .addForeignKeyConstraint('users_account_fk', ['account_id'], 'accounts', ['id'])
        .execute();
      await sql`insert into users_rebuilt (${COLUMNS}) select ${COLUMNS} from users`.execute(db);
      await db.schema.dropTable('users').execute();
      await db.schema.alterTable('users_rebuilt').renameTo('users').execute();
      await db.schema.createIndex('users_account_idx').on('users').columns(['account_id', 'id']).execute();
      await db.schema.createIndex('users_account_role_idx').on('users').columns(['account_id', 'role', 'id']).execute();
      await db.schema.createIndex('users_email_idx').on('users').columns(['email', 'id']).execute();
      const broken = await sql`pragma foreign_key_check`.execute(db);
      if (broken.rows.length) throw new Error('users rebuild: foreign keys no longer hold');
      await sql`commit`.execute(db);
    } catch (e) {
      await sql`rollback`.execute(db);
      throw e;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
};

export const perAccountEmail = (traits: DialectTraits): Migration => ({
  async up(db: AnyDb) {
    if (traits.name === 'sqlite') return rebuildSqliteUsers(db, ['account_id', 'email'], 'users_account_email_uq');
    await db.schema.alterTable('users').addUniqueConstraint('users_account_email_uq', ['account_id', 'email']).execute();
    await db.schema.createIndex('users_email_idx').on('users').columns(['email', 'id']).execute();
    await sql`alter table users drop index users_email_uq`.execute(db);
  },
  /** Fails when an email has users in several accounts: such data has no place in the old schema. */
  async down(db: AnyDb) {
    if (traits.name === 'sqlite') return rebuildSqliteUsers(db, ['email'], 'users_email_uq');
    await db.schema.alterTable('users').addUniqueConstraint('users_email_uq', ['email']).execute();
    await db.schema.dropIndex('users_email_idx').on('users').execute();
    await sql`alter table users drop index users_account_email_uq`.execute(db);
  },
});
