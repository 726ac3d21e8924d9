import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectTraits } from '../dialect.js';

/**
 * The security policy (issue #7): settings per account, password history per user (hashes only) and
 * password-expired tickets (only the ticket's SHA-256). Frozen once released.
 */

const ID = 'varchar(64)';
const INSTANT = 'varchar(32)';
const HASH = 'varchar(128)';
const JSON_TEXT = sql`mediumtext`;

// Untyped on purpose: a migration describes the schema as it was then.
type AnyDb = Kysely<any>;

export const security = (traits: DialectTraits): Migration => {
  const table = (db: AnyDb, name: string) => {
    const t = db.schema.createTable(name);
    return traits.tableOptions ? t.modifyEnd(traits.tableOptions) : t;
  };

  return {
    async up(db: AnyDb) {
      await table(db, 'security_settings')
        .addColumn('account_id', ID, (c) => c.primaryKey())
        // JSON of `SecuritySettings`.
        .addColumn('settings', JSON_TEXT, (c) => c.notNull())
        .addColumn('passwords_expired_at', INSTANT)
        .addColumn('updated_at', INSTANT, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addForeignKeyConstraint('security_settings_account_fk', ['account_id'], 'accounts', ['id'])
        .execute();

      await table(db, 'password_history')
        .addColumn('id', ID, (c) => c.primaryKey())
        .addColumn('account_id', ID, (c) => c.notNull())
        .addColumn('user_id', ID, (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('set_at', INSTANT, (c) => c.notNull())
        .addForeignKeyConstraint('password_history_user_fk', ['user_id'], 'users', ['id'], (c) => c.onDelete('cascade'))
        .execute();
      // A user's entries, newest first.
      await db.schema.createIndex('password_history_user_idx').on('password_history').columns(['user_id', 'set_at', 'id']).execute();

      await table(db, 'password_tickets')
        .addColumn('token_hash', HASH, (c) => c.primaryKey())
        .addColumn('user_id', ID, (c) => c.notNull())
        .addColumn('account_id', ID, (c) => c.notNull())
        .addColumn('created_at', INSTANT, (c) => c.notNull())
        .addColumn('expires_at', INSTANT, (c) => c.notNull())
        .addForeignKeyConstraint('password_tickets_user_fk', ['user_id'], 'users', ['id'], (c) => c.onDelete('cascade'))
        .execute();
      await db.schema.createIndex('password_tickets_user_idx').on('password_tickets').column('user_id').execute();
      await db.schema.createIndex('password_tickets_expires_idx').on('password_tickets').column('expires_at').execute();
    },

    async down(db: AnyDb) {
      for (const t of ['password_tickets', 'password_history', 'security_settings']) await db.schema.dropTable(t).execute();
    },
  };
};
