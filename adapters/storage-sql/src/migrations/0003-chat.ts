import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectTraits } from '../dialect.js';

/**
 * Live chats (issue #4): chats and offline requests, their events (per-chat `seq`), agents' presence,
 * and one routing-lock row per account. Frozen once released.
 */

const ID = 'varchar(64)';
const INSTANT = 'varchar(32)';
const JSON_TEXT = sql`mediumtext`;

// Untyped on purpose: a migration describes the schema as it was then.
type AnyDb = Kysely<any>;

export const chat = (traits: DialectTraits): Migration => {
  const table = (db: AnyDb, name: string) => {
    const t = db.schema.createTable(name);
    return traits.tableOptions ? t.modifyEnd(traits.tableOptions) : t;
  };

  return {
    async up(db: AnyDb) {
      await table(db, 'chats')
        .addColumn('id', ID, (c) => c.primaryKey())
        .addColumn('account_id', ID, (c) => c.notNull())
        .addColumn('widget_id', ID, (c) => c.notNull())
        .addColumn('kind', 'varchar(16)', (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('agent_id', ID)
        .addColumn('visitor', JSON_TEXT, (c) => c.notNull())
        .addColumn('question', JSON_TEXT, (c) => c.notNull())
        .addColumn('visitor_token_hash', 'varchar(128)', (c) => c.notNull())
        .addColumn('created_at', INSTANT, (c) => c.notNull())
        .addColumn('queued_at', INSTANT)
        .addColumn('assigned_at', INSTANT)
        .addColumn('first_agent_reply_at', INSTANT)
        .addColumn('closed_at', INSTANT)
        .addColumn('closed_by', 'varchar(16)')
        .addColumn('closed_by_user_id', ID)
        .addColumn('transfers', JSON_TEXT, (c) => c.notNull())
        .addColumn('last_seq', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', INSTANT, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addUniqueConstraint('chats_visitor_token_uq', ['visitor_token_hash'])
        .addForeignKeyConstraint('chats_account_fk', ['account_id'], 'accounts', ['id'])
        .execute();
      // The queue (listQueued, countQueued): queued chats of some widgets, oldest first.
      await db.schema
        .createIndex('chats_queue_idx')
        .on('chats')
        .columns(['account_id', 'status', 'widget_id', 'queued_at', 'id'])
        .execute();
      // An agent's open chats (routing loads, the agent stream).
      await db.schema.createIndex('chats_agent_idx').on('chats').columns(['account_id', 'agent_id', 'status']).execute();
      // Transcript lists, newest first, for the account or some widgets.
      await db.schema.createIndex('chats_account_idx').on('chats').columns(['account_id', 'id']).execute();
      await db.schema.createIndex('chats_widget_idx').on('chats').columns(['account_id', 'widget_id', 'id']).execute();

      await table(db, 'chat_events')
        .addColumn('chat_id', ID, (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('id', ID, (c) => c.notNull())
        .addColumn('account_id', ID, (c) => c.notNull())
        .addColumn('type', 'varchar(32)', (c) => c.notNull())
        .addColumn('at', INSTANT, (c) => c.notNull())
        .addColumn('author', JSON_TEXT)
        .addColumn('text', JSON_TEXT)
        .addColumn('data', JSON_TEXT, (c) => c.notNull())
        .addPrimaryKeyConstraint('chat_events_pk', ['chat_id', 'seq'])
        .addForeignKeyConstraint('chat_events_chat_fk', ['chat_id'], 'chats', ['id'])
        .execute();

      await table(db, 'agent_presence')
        .addColumn('account_id', ID, (c) => c.notNull())
        .addColumn('user_id', ID, (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('since', INSTANT, (c) => c.notNull())
        .addColumn('last_assigned_at', INSTANT)
        .addColumn('version', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('agent_presence_pk', ['account_id', 'user_id'])
        .execute();
      await db.schema.createIndex('agent_presence_status_idx').on('agent_presence').columns(['account_id', 'status', 'user_id']).execute();

      // One row per account, locked (MySQL) by every routing transaction of the account.
      await table(db, 'chat_routing')
        .addColumn('account_id', ID, (c) => c.primaryKey())
        .execute();
    },

    async down(db: AnyDb) {
      for (const t of ['chat_routing', 'agent_presence', 'chat_events', 'chats']) await db.schema.dropTable(t).execute();
    },
  };
};
