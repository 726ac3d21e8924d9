import type { Kysely, Migration } from 'kysely';
import type { DialectTraits } from '../dialect.js';

/**
 * The visitor's survey after a chat: its score (1 to 5), comment (at most 2000 characters) and when it was
 * given, as columns of `chats` (all NULL until the visitor answers), so reports can average scores in SQL.
 * Frozen once released.
 */

// Untyped on purpose: a migration describes the schema as it was then.
type AnyDb = Kysely<any>;

export const chatSurvey = (_traits: DialectTraits): Migration => ({
  async up(db: AnyDb) {
    // One column per statement: SQLite adds one at a time.
    await db.schema.alterTable('chats').addColumn('survey_score', 'integer').execute();
    await db.schema.alterTable('chats').addColumn('survey_comment', 'text').execute();
    await db.schema.alterTable('chats').addColumn('survey_at', 'varchar(32)').execute();
  },
  async down(db: AnyDb) {
    for (const column of ['survey_at', 'survey_comment', 'survey_score']) await db.schema.alterTable('chats').dropColumn(column).execute();
  },
});
