import type { Kysely, Migration } from 'kysely';
import type { DialectTraits } from '../dialect.js';
import { dropIndex } from './drop-index.js';

/**
 * Offline requests marked handled: when and by whom, as columns of `chats` (both NULL while not handled),
 * and an index for the history's "offline requests still to handle" filter. Frozen once released.
 */

// Untyped on purpose: a migration describes the schema as it was then.
type AnyDb = Kysely<any>;

export const offlineHandled = (traits: DialectTraits): Migration => ({
  async up(db: AnyDb) {
    // One column per statement: SQLite adds one at a time.
    await db.schema.alterTable('chats').addColumn('handled_at', 'varchar(32)').execute();
    await db.schema.alterTable('chats').addColumn('handled_by', 'varchar(64)').execute();
    await db.schema.createIndex('chats_kind_idx').on('chats').columns(['account_id', 'kind', 'id']).execute();
  },
  async down(db: AnyDb) {
    await dropIndex(db, traits, 'chats_kind_idx', 'chats');
    for (const column of ['handled_by', 'handled_at']) await db.schema.alterTable('chats').dropColumn(column).execute();
  },
});
