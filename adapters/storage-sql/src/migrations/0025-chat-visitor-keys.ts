import type { Kysely, Migration } from 'kysely';
import type { DialectTraits } from '../dialect.js';
import { dropIndex } from './drop-index.js';

/**
 * The widget's key for a visitor's browser (`Visitor.key`, kept in the `visitor` JSON) as a column of `chats`
 * too, indexed with the account and the id, so that a visitor's chats are found by it newest first. Chats stored
 * before have none (NULL): no widget sent one. Frozen once released.
 */

// Untyped on purpose: a migration describes the schema as it was then.
type AnyDb = Kysely<any>;

export const chatVisitorKeys = (traits: DialectTraits): Migration => ({
  async up(db: AnyDb) {
    await db.schema.alterTable('chats').addColumn('visitor_key', 'varchar(64)').execute();
    await db.schema.createIndex('chats_visitor_key_idx').on('chats').columns(['account_id', 'visitor_key', 'id']).execute();
  },
  async down(db: AnyDb) {
    await dropIndex(db, traits, 'chats_visitor_key_idx', 'chats');
    await db.schema.alterTable('chats').dropColumn('visitor_key').execute();
  },
});
