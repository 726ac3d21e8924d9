import type { Kysely, Migration } from 'kysely';
import type { DialectTraits } from '../dialect.js';
import { dropIndex } from './drop-index.js';

/**
 * Reports: one covering index over what a chat report reads (`ChatRepository.reportFacts`), so the
 * chats an account created in a date range are read from the index alone, in `created_at` order, without
 * touching the table's rows. Frozen once released.
 */

// Untyped on purpose: a migration describes the schema as it was then.
type AnyDb = Kysely<any>;

export const chatReports = (traits: DialectTraits): Migration => ({
  async up(db: AnyDb) {
    await db.schema
      .createIndex('chats_report_idx')
      .on('chats')
      .columns([
        'account_id',
        'created_at',
        'widget_id',
        'agent_id',
        'kind',
        'status',
        'queued_at',
        'assigned_at',
        'first_agent_reply_at',
        'closed_at',
      ])
      .execute();
  },
  async down(db: AnyDb) {
    await dropIndex(db, traits, 'chats_report_idx', 'chats');
  },
});
