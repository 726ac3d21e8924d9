import type { Kysely, Migration } from 'kysely';
import type { DialectTraits } from '../dialect.js';

/**
 * Whether the visitor started a chat by answering one of the widget's proactive invitations
 * (`chats.proactive`, 0 or 1; every chat before it: 0). The rules themselves live in the widget's settings
 * document. Frozen once released.
 */

// Untyped on purpose: a migration describes the schema as it was then.
type AnyDb = Kysely<any>;

export const proactiveChats = (_traits: DialectTraits): Migration => ({
  async up(db: AnyDb) {
    await db.schema
      .alterTable('chats')
      .addColumn('proactive', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
  async down(db: AnyDb) {
    await db.schema.alterTable('chats').dropColumn('proactive').execute();
  },
});
