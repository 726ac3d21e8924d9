/**
 * `@parley/storage-sql`: the `Storage` port of `@parley/core` on SQL databases, through Kysely.
 *
 * - **MySQL / MariaDB** (`mysql://user:password@host:3306/database`): a mysql2 pool, utf8mb4 tables with
 *   binary collation, `SELECT ... FOR UPDATE` to serialise appends to an account's audit chain, and
 *   transactions retried on deadlock or lock wait timeout; chat search through a word index of its own. Needs
 *   MySQL 8.0.23+ (invisible columns) or MariaDB 10.6+ (`FOR UPDATE SKIP LOCKED`); connecting to an older
 *   server throws {@link UnsupportedServerError}.
 * - **SQLite** (`sqlite:./data/parley.db`, `sqlite::memory:`): better-sqlite3 in WAL mode with foreign
 *   keys on; one connection, so transactions are serialisable, and they begin `IMMEDIATE` so that another
 *   process on the file makes them wait rather than fail; WAL checkpoints on a worker thread; chat search
 *   through FTS5, messages indexed in batches.
 *
 * ```ts
 * const storage = await createSqlStorage({ url: 'sqlite:./data/parley.db', logger: console });
 * await storage.migrate();
 * ```
 *
 * The schema lives in code-defined migrations shared by both dialects; `migrate()` applies the pending
 * ones and is safe on every start.
 *
 * @module
 */
export { createSqlStorage, SqlStorage, type SqlStorageOptions } from './sql-storage.js';
export { dialectOf, parseStorageUrl, redactUrl, StorageUrlError, UnsupportedServerError, type StorageTarget } from './connect.js';
export type { SqlDialectName } from './dialect.js';
export type { SqlStorageLogger } from './logger.js';
export { MigrationError } from './migrate.js';
