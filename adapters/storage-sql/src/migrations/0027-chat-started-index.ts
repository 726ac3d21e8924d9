import type { Kysely, Migration } from 'kysely';
import type { DialectTraits } from '../dialect.js';
import { dropIndex } from './drop-index.js';

/**
 * Chats by account and start (`created_at`, then id), the order of a list bounded by start (the history's From and
 * To), so that such a list walks the range from its end and stops at a page. Ordered by id, it read every chat
 * of the range and sorted them: on SQLite, with 300,000 chats in an account, 690 ms for a range of a year that
 * held them all and 100 ms for a month, where a page of the range now reads the page. A chat's start never
 * changes, so only its insert writes the index. Frozen once released.
 */

// Untyped on purpose: a migration describes the schema as it was then.
type AnyDb = Kysely<any>;

export const chatStartedIndex = (traits: DialectTraits): Migration => ({
  async up(db: AnyDb) {
    await db.schema.createIndex('chats_started_idx').on('chats').columns(['account_id', 'created_at', 'id']).execute();
  },
  async down(db: AnyDb) {
    await dropIndex(db, traits, 'chats_started_idx', 'chats');
  },
});
