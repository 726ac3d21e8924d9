import type { Kysely, Migration } from 'kysely';
import type { DialectTraits } from '../dialect.js';
import { dropIndex } from './drop-index.js';

/**
 * Reports count the visitors' ratings (`survey_score`): both covering indexes of `reportFacts` (0019's and
 * 0020's) get the column last, so a report still reads the index alone, and the stored figures of settled days,
 * encoded without ratings, are forgotten: the next report computes those days again and stores them anew.
 * Frozen once released.
 */

// Untyped on purpose: a migration describes the schema as it was then.
type AnyDb = Kysely<any>;

const REPORTED = ['kind', 'status', 'queued_at', 'assigned_at', 'first_agent_reply_at', 'closed_at'];
const INDEXES = [
  { name: 'chats_report_idx', lead: ['account_id', 'created_at', 'widget_id', 'agent_id'] },
  { name: 'chats_widget_report_idx', lead: ['account_id', 'widget_id', 'created_at', 'agent_id'] },
];

const rebuild = async (db: AnyDb, traits: DialectTraits, withRatings: boolean) => {
  for (const { name, lead } of INDEXES) {
    await dropIndex(db, traits, name, 'chats');
    await db.schema
      .createIndex(name)
      .on('chats')
      .columns([...lead, ...REPORTED, ...(withRatings ? ['survey_score'] : [])])
      .execute();
  }
  await db.deleteFrom('chat_report_days').execute();
};

export const chatReportRatings = (traits: DialectTraits): Migration => ({
  up: (db: AnyDb) => rebuild(db, traits, true),
  down: (db: AnyDb) => rebuild(db, traits, false),
});
