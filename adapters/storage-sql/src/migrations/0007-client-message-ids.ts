import type { Kysely, Migration } from 'kysely';
import type { DialectTraits } from '../dialect.js';
import { dropIndex } from './drop-index.js';

/**
 * Idempotent message writes: the key a client sends with a message (`clientMessageId`, `Idempotency-Key`),
 * unique per chat, so that a retry finds the stored message instead of writing it twice. Events without one
 * hold NULL, which the unique index lets repeat. Frozen once released.
 */

// Untyped on purpose: a migration describes the schema as it was then.
type AnyDb = Kysely<any>;

export const clientMessageIds = (traits: DialectTraits): Migration => ({
  async up(db: AnyDb) {
    await db.schema.alterTable('chat_events').addColumn('client_message_id', 'varchar(64)').execute();
    await db.schema
      .createIndex('chat_events_client_message_uq')
      .on('chat_events')
      .columns(['chat_id', 'client_message_id'])
      .unique()
      .execute();
  },
  async down(db: AnyDb) {
    await dropIndex(db, traits, 'chat_events_client_message_uq', 'chat_events');
    await db.schema.alterTable('chat_events').dropColumn('client_message_id').execute();
  },
});
