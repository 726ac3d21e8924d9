import type { Kysely } from 'kysely';
import type { DialectTraits } from '../dialect.js';

// Untyped on purpose: a migration describes the schema as it was then.
type AnyDb = Kysely<any>;

/** Drops an index of `table`: MySQL names the table an index is dropped from, SQLite refuses the clause. */
export const dropIndex = async (db: AnyDb, traits: DialectTraits, name: string, table: string): Promise<void> => {
  const drop = db.schema.dropIndex(name);
  await (traits.name === 'mysql' ? drop.on(table) : drop).execute();
};
