import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectTraits } from '../dialect.js';
import { dropIndex } from './drop-index.js';

/**
 * Reports: the figures of settled local days (`ChatRepository.reportDays`), one row per account, IANA time
 * zone and day, so a report over a long range reads a row a day instead of every chat's facts. `figures`
 * is the encoding of `encodeDay` (core/src/reports/chat-report.ts): up to a few hundred KB for a busy day,
 * hence MEDIUMBLOB on MySQL/MariaDB (BLOB stops at 64 KB). The rollup keeps whole days, so a report of one
 * widget still reads facts: `chats_widget_report_idx` covers those reads (account, widget, `created_at`,
 * then what 0019's index covers), so they touch that widget's chats only instead of every chat of the
 * range. Frozen once released.
 */

// Untyped on purpose: a migration describes the schema as it was then.
type AnyDb = Kysely<any>;

export const chatReportDays = (traits: DialectTraits): Migration => ({
  async up(db: AnyDb) {
    const t = db.schema
      .createTable('chat_report_days')
      .addColumn('account_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('time_zone', 'varchar(64)', (c) => c.notNull())
      .addColumn('day', 'varchar(10)', (c) => c.notNull())
      .addColumn('figures', traits.name === 'mysql' ? sql`mediumblob` : 'blob', (c) => c.notNull())
      .addPrimaryKeyConstraint('chat_report_days_pk', ['account_id', 'time_zone', 'day']);
    await (traits.tableOptions ? t.modifyEnd(traits.tableOptions) : t).execute();
    await db.schema
      .createIndex('chats_widget_report_idx')
      .on('chats')
      .columns([
        'account_id',
        'widget_id',
        'created_at',
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
    await dropIndex(db, traits, 'chats_widget_report_idx', 'chats');
    await db.schema.dropTable('chat_report_days').execute();
  },
});
