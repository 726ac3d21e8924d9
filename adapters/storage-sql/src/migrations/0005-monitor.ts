import type { Kysely, Migration } from 'kysely';
import type { DialectTraits } from '../dialect.js';

/**
 * The chat monitor (issue #5): share links (only the token's SHA-256 is stored) and each user's widget
 * order on the multi monitor. Frozen once released.
 */

const ID = 'varchar(64)';
const INSTANT = 'varchar(32)';

// Untyped on purpose: a migration describes the schema as it was then.
type AnyDb = Kysely<any>;

export const monitor = (traits: DialectTraits): Migration => {
  const table = (db: AnyDb, name: string) => {
    const t = db.schema.createTable(name);
    return traits.tableOptions ? t.modifyEnd(traits.tableOptions) : t;
  };

  return {
    async up(db: AnyDb) {
      await table(db, 'monitor_share_links')
        .addColumn('id', ID, (c) => c.primaryKey())
        .addColumn('account_id', ID, (c) => c.notNull())
        .addColumn('token_hash', 'varchar(128)', (c) => c.notNull())
        .addColumn('label', 'varchar(255)', (c) => c.notNull())
        // JSON array of widget ids, or NULL for every widget of the account.
        .addColumn('widget_ids', 'text')
        .addColumn('created_at', INSTANT, (c) => c.notNull())
        .addColumn('created_by', ID, (c) => c.notNull())
        .addColumn('expires_at', INSTANT)
        .addColumn('revoked_at', INSTANT)
        .addColumn('revoked_by', ID)
        .addUniqueConstraint('monitor_share_links_token_uq', ['token_hash'])
        .addForeignKeyConstraint('monitor_share_links_account_fk', ['account_id'], 'accounts', ['id'])
        .execute();
      // The admins' list, newest first.
      await db.schema
        .createIndex('monitor_share_links_account_idx')
        .on('monitor_share_links')
        .columns(['account_id', 'created_at', 'id'])
        .execute();

      await table(db, 'monitor_layouts')
        .addColumn('account_id', ID, (c) => c.notNull())
        .addColumn('user_id', ID, (c) => c.notNull())
        // JSON array of widget ids, top first.
        .addColumn('widget_ids', 'text', (c) => c.notNull())
        .addColumn('updated_at', INSTANT, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('monitor_layouts_pk', ['account_id', 'user_id'])
        .addForeignKeyConstraint('monitor_layouts_account_fk', ['account_id'], 'accounts', ['id'])
        .execute();
    },

    async down(db: AnyDb) {
      for (const t of ['monitor_layouts', 'monitor_share_links']) await db.schema.dropTable(t).execute();
    },
  };
};
