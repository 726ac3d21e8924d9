import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectTraits } from '../dialect.js';

/**
 * Integrations (issue #6): per-widget integration settings (secrets inside are sealed by the core), the
 * outbox of deliveries, and every try of each delivery. Frozen once released.
 */

const ID = 'varchar(64)';
const INSTANT = 'varchar(32)';
const JSON_TEXT = sql`mediumtext`;

// Untyped on purpose: a migration describes the schema as it was then.
type AnyDb = Kysely<any>;

export const integrations = (traits: DialectTraits): Migration => {
  const table = (db: AnyDb, name: string) => {
    const t = db.schema.createTable(name);
    return traits.tableOptions ? t.modifyEnd(traits.tableOptions) : t;
  };

  return {
    async up(db: AnyDb) {
      await table(db, 'integrations')
        .addColumn('widget_id', ID, (c) => c.notNull())
        .addColumn('kind', 'varchar(32)', (c) => c.notNull())
        .addColumn('account_id', ID, (c) => c.notNull())
        .addColumn('settings', JSON_TEXT, (c) => c.notNull())
        .addColumn('created_at', INSTANT, (c) => c.notNull())
        .addColumn('updated_at', INSTANT, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('integrations_pk', ['widget_id', 'kind'])
        .addForeignKeyConstraint('integrations_account_fk', ['account_id'], 'accounts', ['id'])
        // A widget's integrations go with it; its deliveries stay, as history.
        .addForeignKeyConstraint('integrations_widget_fk', ['widget_id'], 'widgets', ['id'], (c) => c.onDelete('cascade'))
        .execute();

      await table(db, 'deliveries')
        .addColumn('id', ID, (c) => c.primaryKey())
        .addColumn('account_id', ID, (c) => c.notNull())
        .addColumn('widget_id', ID, (c) => c.notNull())
        .addColumn('target', 'varchar(32)', (c) => c.notNull())
        .addColumn('event_type', 'varchar(64)', (c) => c.notNull())
        .addColumn('payload', JSON_TEXT, (c) => c.notNull())
        .addColumn('status', 'varchar(16)', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        // When the row is due: next try of a pending row, lease end of an in-flight one; null when final.
        .addColumn('next_attempt_at', INSTANT)
        .addColumn('last_error', 'text')
        .addColumn('last_status', 'integer')
        .addColumn('claimed_by', 'varchar(128)')
        .addColumn('claim_until', INSTANT)
        .addColumn('created_at', INSTANT, (c) => c.notNull())
        .addColumn('updated_at', INSTANT, (c) => c.notNull())
        .addForeignKeyConstraint('deliveries_account_fk', ['account_id'], 'accounts', ['id'])
        .execute();
      // claimDue: due rows, earliest first (final rows have no next_attempt_at and stay out of the index range).
      await db.schema.createIndex('deliveries_due_idx').on('deliveries').columns(['next_attempt_at', 'id']).execute();
      // The admin list, newest first, and expedite.
      await db.schema.createIndex('deliveries_widget_idx').on('deliveries').columns(['account_id', 'widget_id', 'id']).execute();

      await table(db, 'delivery_attempts')
        .addColumn('id', ID, (c) => c.primaryKey())
        .addColumn('delivery_id', ID, (c) => c.notNull())
        .addColumn('account_id', ID, (c) => c.notNull())
        .addColumn('started_at', INSTANT, (c) => c.notNull())
        .addColumn('latency_ms', 'integer', (c) => c.notNull())
        .addColumn('status', 'integer')
        .addColumn('ok', 'integer', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('response_snippet', 'text')
        .addColumn('worker_id', 'varchar(128)', (c) => c.notNull())
        .addForeignKeyConstraint('delivery_attempts_delivery_fk', ['delivery_id'], 'deliveries', ['id'], (c) => c.onDelete('cascade'))
        .execute();
      await db.schema
        .createIndex('delivery_attempts_delivery_idx')
        .on('delivery_attempts')
        .columns(['delivery_id', 'started_at', 'id'])
        .execute();
    },

    async down(db: AnyDb) {
      for (const t of ['delivery_attempts', 'deliveries', 'integrations']) await db.schema.dropTable(t).execute();
    },
  };
};
