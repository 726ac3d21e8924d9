import type { Kysely, Migration } from 'kysely';
import type { DialectTraits } from '../dialect.js';

/**
 * API tokens of the compatible APIs (Logs, Agent Status): only the secret's SHA-256 is stored, looked up
 * by it. Frozen once released.
 */

const ID = 'varchar(64)';
const INSTANT = 'varchar(32)';

// Untyped on purpose: a migration describes the schema as it was then.
type AnyDb = Kysely<any>;

export const apiTokens = (traits: DialectTraits): Migration => {
  const table = (db: AnyDb, name: string) => {
    const t = db.schema.createTable(name);
    return traits.tableOptions ? t.modifyEnd(traits.tableOptions) : t;
  };

  return {
    async up(db: AnyDb) {
      await table(db, 'api_tokens')
        .addColumn('id', ID, (c) => c.primaryKey())
        .addColumn('account_id', ID, (c) => c.notNull())
        .addColumn('token_hash', 'varchar(128)', (c) => c.notNull())
        .addColumn('label', 'varchar(255)', (c) => c.notNull())
        .addColumn('created_at', INSTANT, (c) => c.notNull())
        .addColumn('created_by', ID, (c) => c.notNull())
        .addColumn('last_used_at', INSTANT)
        .addUniqueConstraint('api_tokens_token_uq', ['token_hash'])
        .addForeignKeyConstraint('api_tokens_account_fk', ['account_id'], 'accounts', ['id'])
        .execute();
      // The admins' list, newest first.
      await db.schema.createIndex('api_tokens_account_idx').on('api_tokens').columns(['account_id', 'created_at', 'id']).execute();
    },

    async down(db: AnyDb) {
      await db.schema.dropTable('api_tokens').execute();
    },
  };
};
