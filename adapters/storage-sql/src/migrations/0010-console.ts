import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectTraits } from '../dialect.js';

/**
 * The agent console: canned responses, the account's labels, and the labels on each chat (a JSON array of
 * label ids in `chats.labels`). Frozen once released.
 */

const ID = 'varchar(64)';
const INSTANT = 'varchar(32)';

// Untyped on purpose: a migration describes the schema as it was then.
type AnyDb = Kysely<any>;

export const consoleTables = (traits: DialectTraits): Migration => {
  const table = (db: AnyDb, name: string) => {
    const t = db.schema.createTable(name);
    return traits.tableOptions ? t.modifyEnd(traits.tableOptions) : t;
  };

  return {
    async up(db: AnyDb) {
      await table(db, 'canned_responses')
        .addColumn('id', ID, (c) => c.primaryKey())
        .addColumn('account_id', ID, (c) => c.notNull())
        // The widget id, or '' for account-wide: a column that is never NULL, so the unique key holds for both.
        .addColumn('scope', ID, (c) => c.notNull())
        .addColumn('widget_id', ID)
        .addColumn('shortcut', 'varchar(32)', (c) => c.notNull())
        .addColumn('title', 'varchar(255)', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        // shortcut, title and text lower-cased, for the substring search.
        .addColumn('search_text', 'text', (c) => c.notNull())
        .addColumn('created_at', INSTANT, (c) => c.notNull())
        .addColumn('updated_at', INSTANT, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addUniqueConstraint('canned_responses_shortcut_uq', ['account_id', 'scope', 'shortcut'])
        .addForeignKeyConstraint('canned_responses_account_fk', ['account_id'], 'accounts', ['id'])
        .execute();
      // The list: an account's responses by id (the scope filter narrows within it).
      await db.schema.createIndex('canned_responses_account_idx').on('canned_responses').columns(['account_id', 'id']).execute();

      await table(db, 'labels')
        .addColumn('id', ID, (c) => c.primaryKey())
        .addColumn('account_id', ID, (c) => c.notNull())
        .addColumn('name', 'varchar(255)', (c) => c.notNull())
        // The lower-cased name: names are unique per account without regard to case.
        .addColumn('name_key', 'varchar(255)', (c) => c.notNull())
        .addColumn('color', 'varchar(7)', (c) => c.notNull())
        .addColumn('created_at', INSTANT, (c) => c.notNull())
        .addColumn('updated_at', INSTANT, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addUniqueConstraint('labels_name_uq', ['account_id', 'name_key'])
        .addForeignKeyConstraint('labels_account_fk', ['account_id'], 'accounts', ['id'])
        .execute();

      // At most 20 ids of up to 64 characters, quoted and separated: 20 × 67 + 2 fits.
      await db.schema
        .alterTable('chats')
        .addColumn('labels', 'varchar(1400)', (c) => c.notNull().defaultTo(sql`'[]'`))
        .execute();
    },

    async down(db: AnyDb) {
      await db.schema.alterTable('chats').dropColumn('labels').execute();
      for (const t of ['labels', 'canned_responses']) await db.schema.dropTable(t).execute();
    },
  };
};
