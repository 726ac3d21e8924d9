import type { Kysely, Migration } from 'kysely';
import type { DialectTraits } from '../dialect.js';

/**
 * Named installation-wide locks (MySQL takes them by writing the row; see `accounts.lockSignups`).
 * Frozen once released.
 */

// Untyped on purpose: a migration describes the schema as it was then.
type AnyDb = Kysely<any>;

export const installationLocks = (traits: DialectTraits): Migration => ({
  async up(db: AnyDb) {
    const t = db.schema.createTable('installation_locks').addColumn('name', 'varchar(64)', (c) => c.primaryKey());
    await (traits.tableOptions ? t.modifyEnd(traits.tableOptions) : t).execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable('installation_locks').execute();
  },
});
