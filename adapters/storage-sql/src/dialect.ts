import { sql, type RawBuilder } from 'kysely';
import { isTransientMysqlError } from './errors.js';

export type SqlDialectName = 'sqlite' | 'mysql';

/**
 * What differs between the databases, decided once when the storage is built so that the
 * repositories never test the dialect per call.
 */
export interface DialectTraits {
  readonly name: SqlDialectName;
  /** Whether the data outlives the process (false for `sqlite::memory:`). */
  readonly durable: boolean;
  /**
   * Whether `SELECT ... FOR UPDATE` exists and is needed to lock a row until commit. SQLite has no row
   * locks: its one connection already serialises transactions.
   */
  readonly supportsForUpdate: boolean;
  /**
   * Whether a statement over a list (`IN (...)`, a multi-row insert) is sent whole, its text made for the
   * list's length (see `preparedListQuery`). MySQL: each statement is a round trip that a group of chat
   * messages waits for, and statements go as text, with no statement cache to fill. SQLite has no round
   * trips, and each new text is a prepare and an entry of its small statement cache: lists are cut into
   * chunks of a few fixed sizes instead.
   */
  readonly wholeLists: boolean;
  /** Whether a failed transaction may be run again (deadlock, lock wait timeout). */
  isTransient(error: unknown): boolean;
  /** Appended to `CREATE TABLE` (engine, character set and collation), or null. */
  readonly tableOptions: RawBuilder<unknown> | null;
}

export const sqliteTraits = (durable: boolean): DialectTraits => ({
  name: 'sqlite',
  durable,
  supportsForUpdate: false,
  wholeLists: false,
  isTransient: () => false,
  tableOptions: null,
});

/**
 * Binary collations without trailing-space padding, best first: MySQL 8's, then MariaDB's. With them
 * ids, emails and instants compare byte for byte, as in SQLite and JS. `utf8mb4_bin`, the fallback,
 * is binary too but ignores trailing spaces when comparing (`'a' = 'a '`).
 */
export const MYSQL_COLLATIONS = ['utf8mb4_0900_bin', 'utf8mb4_nopad_bin', 'utf8mb4_bin'] as const;
export type MysqlCollation = (typeof MYSQL_COLLATIONS)[number];

export const mysqlTraits = (collation: MysqlCollation): DialectTraits => ({
  name: 'mysql',
  durable: true,
  supportsForUpdate: true,
  wholeLists: true,
  isTransient: isTransientMysqlError,
  // The collation is one of the fixed names above, never outside input.
  tableOptions: sql`engine = InnoDB default character set = utf8mb4 collate = ${sql.raw(collation)}`,
});
