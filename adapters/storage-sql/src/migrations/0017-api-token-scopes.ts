import type { Kysely, Migration } from 'kysely';

/**
 * API tokens get a scope (`read` or `full`) and an optional expiry. Tokens made before keep doing what they
 * did (the compatible APIs, writes included), so they become `full` and never expire. Frozen once released.
 */

const INSTANT = 'varchar(32)';

// Untyped on purpose: a migration describes the schema as it was then.
type AnyDb = Kysely<any>;

export const apiTokenScopes = (): Migration => ({
  async up(db: AnyDb) {
    await db.schema
      .alterTable('api_tokens')
      .addColumn('scope', 'varchar(16)', (c) => c.notNull().defaultTo('full'))
      .execute();
    await db.schema.alterTable('api_tokens').addColumn('expires_at', INSTANT).execute();
  },

  async down(db: AnyDb) {
    await db.schema.alterTable('api_tokens').dropColumn('expires_at').execute();
    await db.schema.alterTable('api_tokens').dropColumn('scope').execute();
  },
});
