import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectTraits } from '../dialect.js';

/**
 * E-mail: password tickets say what they were made for (a login with an expired password, a mailed
 * reset link, an invitation), so each is accepted only where it belongs. Tickets made before are
 * `password_expired`, the only kind there was. Frozen once released.
 */

// Untyped on purpose: a migration describes the schema as it was then.
type AnyDb = Kysely<any>;

export const mail = (_traits: DialectTraits): Migration => ({
  async up(db: AnyDb) {
    await db.schema
      .alterTable('password_tickets')
      .addColumn('purpose', 'varchar(16)', (c) => c.notNull().defaultTo(sql`'password_expired'`))
      .execute();
  },
  async down(db: AnyDb) {
    await db.schema.alterTable('password_tickets').dropColumn('purpose').execute();
  },
});
