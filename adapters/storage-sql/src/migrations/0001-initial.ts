import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectTraits } from '../dialect.js';

/**
 * The first schema. A migration is frozen once released: later changes go into new files.
 * Column types are ones both databases accept (SQLite reads `varchar(64)` and `mediumtext` as TEXT).
 */

const ID = 'varchar(64)';
/** `2026-01-31T12:00:00.000Z` is 24 characters; room is left for years past 9999. */
const INSTANT = 'varchar(32)';
const HASH = 'varchar(128)';
const JSON_TEXT = sql`mediumtext`;

// Untyped on purpose: a migration describes the schema as it was then, not as `Database` says it is now.
type AnyDb = Kysely<any>;

export const initial = (traits: DialectTraits): Migration => {
  const table = (db: AnyDb, name: string) => {
    const t = db.schema.createTable(name);
    return traits.tableOptions ? t.modifyEnd(traits.tableOptions) : t;
  };

  return {
    async up(db: AnyDb) {
      await table(db, 'accounts')
        .addColumn('id', ID, (c) => c.primaryKey())
        .addColumn('name', 'varchar(255)', (c) => c.notNull())
        .addColumn('plan', 'varchar(32)', (c) => c.notNull())
        .addColumn('settings', JSON_TEXT, (c) => c.notNull())
        .addColumn('created_at', INSTANT, (c) => c.notNull())
        .addColumn('updated_at', INSTANT, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute();

      await table(db, 'users')
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
        .addColumn('version', 'integer', (c) => c.notNull())
        .addUniqueConstraint('users_email_uq', ['email'])
        .addForeignKeyConstraint('users_account_fk', ['account_id'], 'accounts', ['id'])
        .execute();
      await db.schema.createIndex('users_account_idx').on('users').columns(['account_id', 'id']).execute();
      await db.schema.createIndex('users_account_role_idx').on('users').columns(['account_id', 'role', 'id']).execute();

      await table(db, 'sessions')
        .addColumn('token_hash', HASH, (c) => c.primaryKey())
        .addColumn('user_id', ID, (c) => c.notNull())
        .addColumn('account_id', ID, (c) => c.notNull())
        .addColumn('created_at', INSTANT, (c) => c.notNull())
        .addColumn('expires_at', INSTANT, (c) => c.notNull())
        .addColumn('ip', 'varchar(64)')
        .addColumn('user_agent', 'text')
        .addForeignKeyConstraint('sessions_account_fk', ['account_id'], 'accounts', ['id'])
        .execute();
      await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();
      await db.schema.createIndex('sessions_expires_idx').on('sessions').column('expires_at').execute();

      await table(db, 'widgets')
        .addColumn('id', ID, (c) => c.primaryKey())
        .addColumn('account_id', ID, (c) => c.notNull())
        .addColumn('name', 'varchar(255)', (c) => c.notNull())
        .addColumn('settings', JSON_TEXT, (c) => c.notNull())
        .addColumn('agent_ids', JSON_TEXT, (c) => c.notNull())
        .addColumn('created_at', INSTANT, (c) => c.notNull())
        .addColumn('updated_at', INSTANT, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addForeignKeyConstraint('widgets_account_fk', ['account_id'], 'accounts', ['id'])
        .execute();
      await db.schema.createIndex('widgets_account_idx').on('widgets').columns(['account_id', 'id']).execute();

      await table(db, 'widget_agents')
        .addColumn('widget_id', ID, (c) => c.notNull())
        .addColumn('user_id', ID, (c) => c.notNull())
        .addColumn('account_id', ID, (c) => c.notNull())
        .addPrimaryKeyConstraint('widget_agents_pk', ['widget_id', 'user_id'])
        .addForeignKeyConstraint('widget_agents_widget_fk', ['widget_id'], 'widgets', ['id'], (c) => c.onDelete('cascade'))
        .execute();
      await db.schema.createIndex('widget_agents_user_idx').on('widget_agents').columns(['account_id', 'user_id', 'widget_id']).execute();

      await table(db, 'audit_entries')
        .addColumn('id', ID, (c) => c.primaryKey())
        .addColumn('account_id', ID, (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('created_at', INSTANT, (c) => c.notNull())
        .addColumn('type', 'varchar(32)', (c) => c.notNull())
        .addColumn('action', 'varchar(128)', (c) => c.notNull())
        .addColumn('target_type', 'varchar(64)', (c) => c.notNull())
        .addColumn('target_id', ID, (c) => c.notNull())
        .addColumn('widget_id', ID)
        .addColumn('actor_id', ID)
        .addColumn('actor', JSON_TEXT, (c) => c.notNull())
        .addColumn('changes', JSON_TEXT, (c) => c.notNull())
        .addColumn('revert_of', ID)
        .addColumn('revertible', 'integer', (c) => c.notNull())
        .addColumn('prev_hash', HASH, (c) => c.notNull())
        .addColumn('hash', HASH, (c) => c.notNull())
        .addUniqueConstraint('audit_entries_seq_uq', ['account_id', 'seq'])
        .addForeignKeyConstraint('audit_entries_account_fk', ['account_id'], 'accounts', ['id'])
        .execute();
      // The audit page filters by these and pages by seq, newest first. `created_at` is carried in each
      // index so a date range is checked without reading rows (see auditIndexFor in audit-repository.ts).
      const auditIndex = (name: string, columns: string[]) =>
        db.schema
          .createIndex(name)
          .on('audit_entries')
          .columns(['account_id', ...columns, 'seq', 'created_at'])
          .execute();
      await auditIndex('audit_entries_type_idx', ['type']);
      await auditIndex('audit_entries_widget_idx', ['widget_id']);
      await auditIndex('audit_entries_widget_type_idx', ['widget_id', 'type']);
      await auditIndex('audit_entries_actor_idx', ['actor_id']);
      // Date bounds → seq bounds (entries never go back in time), and the retention purge.
      await db.schema.createIndex('audit_entries_created_idx').on('audit_entries').columns(['account_id', 'created_at', 'seq']).execute();

      await table(db, 'audit_heads')
        .addColumn('account_id', ID, (c) => c.primaryKey())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('hash', HASH, (c) => c.notNull())
        .addColumn('anchor_seq', 'bigint', (c) => c.notNull())
        .addColumn('anchor_hash', HASH, (c) => c.notNull())
        .addForeignKeyConstraint('audit_heads_account_fk', ['account_id'], 'accounts', ['id'])
        .execute();
    },

    async down(db: AnyDb) {
      for (const t of ['audit_heads', 'audit_entries', 'widget_agents', 'widgets', 'sessions', 'users', 'accounts'])
        await db.schema.dropTable(t).execute();
    },
  };
};
