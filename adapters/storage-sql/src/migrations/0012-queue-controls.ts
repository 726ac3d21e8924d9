import type { Kysely, Migration } from 'kysely';
import type { DialectTraits } from '../dialect.js';

/**
 * Queue and routing controls: a user's own maximum of open chats (`users.max_concurrent_chats`, NULL: each
 * widget's) and the reason an agent gave with their status (`agent_presence.reason`, at most 40 characters,
 * NULL: none). The widget's queue size and business hours live in its settings document. Frozen once released.
 */

// Untyped on purpose: a migration describes the schema as it was then.
type AnyDb = Kysely<any>;

export const queueControls = (_traits: DialectTraits): Migration => ({
  async up(db: AnyDb) {
    await db.schema.alterTable('users').addColumn('max_concurrent_chats', 'integer').execute();
    await db.schema.alterTable('agent_presence').addColumn('reason', 'varchar(40)').execute();
  },
  async down(db: AnyDb) {
    await db.schema.alterTable('agent_presence').dropColumn('reason').execute();
    await db.schema.alterTable('users').dropColumn('max_concurrent_chats').execute();
  },
});
