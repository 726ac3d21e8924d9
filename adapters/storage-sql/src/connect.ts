import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  MysqlDialect,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  sql,
  type MysqlPool,
} from 'kysely';
import { MYSQL_COLLATIONS, mysqlTraits, sqliteTraits, type DialectTraits, type MysqlCollation, type SqlDialectName } from './dialect.js';
import type { SqlStorageLogger } from './logger.js';
import type { Database } from './schema.js';
import { startSqliteCheckpointer, type SqliteCheckpointer } from './sqlite-checkpointer.js';
import { cachingDatabase, type PreparingDatabase } from './sqlite-statements.js';

/**
 * Storage URLs:
 * - `sqlite:./data/parley.db` (relative to the working directory), `sqlite:/var/lib/parley.db`,
 *   `sqlite:///var/lib/parley.db`, `sqlite::memory:`
 * - `mysql://user:password@host:3306/database` (`mariadb://` works too), with optional
 *   `?connectionLimit=10` and `?ssl=true`.
 */
export type StorageTarget =
  | { readonly dialect: 'sqlite'; readonly filename: string; readonly memory: boolean }
  | {
      readonly dialect: 'mysql';
      readonly host: string;
      readonly port: number;
      readonly user: string;
      readonly password: string;
      readonly database: string;
      readonly connectionLimit: number;
      readonly ssl: boolean;
    };

export class StorageUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StorageUrlError';
  }
}

/** The database server lacks what the adapter relies on (see {@link checkServerVersion}). */
export class UnsupportedServerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedServerError';
  }
}

type Version = readonly [major: number, minor: number, patch: number];

/**
 * `claimDue` locks with `FOR UPDATE SKIP LOCKED`, which came in MariaDB 10.6.0 and MySQL 8.0.1; the chat
 * search columns (migration 0011) are `INVISIBLE`, which MySQL has since 8.0.23 (MariaDB since 10.3).
 */
const MIN_MARIADB: Version = [10, 6, 0];
const MIN_MYSQL: Version = [8, 0, 23];
const NEEDED = 'Parley needs MariaDB 10.6 or later (for FOR UPDATE SKIP LOCKED), or MySQL 8.0.23 or later (for invisible columns).';

const older = (a: Version, b: Version): boolean => {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
};

/**
 * Refuses a MySQL or MariaDB server older than the adapter needs, from its `select version()`
 * (`10.11.19-MariaDB-0+deb12u1`, `8.0.36`, `5.7.44-log`), so that connecting fails rather than the
 * delivery dispatcher, later, at run time. Throws {@link UnsupportedServerError}, one line.
 *
 * A version it cannot read is refused too: accepting it would bring back the late run-time failure this
 * check exists to prevent, and every MySQL and MariaDB release reports `major.minor.patch` first.
 */
export const checkServerVersion = (versionText: string): void => {
  const text = versionText.trim();
  const mariadb = /mariadb/i.test(text);
  // MariaDB may show itself as `5.5.5-10.x.y-MariaDB` (the prefix once kept old MySQL clients happy).
  const m = (mariadb ? /^(?:5\.5\.5-)?(\d+)\.(\d+)\.(\d+)/ : /^(\d+)\.(\d+)\.(\d+)/).exec(text);
  if (!m) {
    throw new UnsupportedServerError(
      `storage-sql: cannot read the database server's version ${JSON.stringify(text.slice(0, 80))}: ${NEEDED}`,
    );
  }
  const found: Version = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (older(found, mariadb ? MIN_MARIADB : MIN_MYSQL)) {
    throw new UnsupportedServerError(`storage-sql: ${mariadb ? 'MariaDB' : 'MySQL'} ${found.join('.')} is too old: ${NEEDED}`);
  }
};

/** The URL with its password masked, for messages and logs. */
export const redactUrl = (url: string): string => url.replace(/^([a-z]+:\/\/[^:/@]*):[^@]*@/i, '$1:***@');

export const dialectOf = (url: string): SqlDialectName => {
  if (/^sqlite:/i.test(url)) return 'sqlite';
  if (/^(mysql|mariadb):\/\//i.test(url)) return 'mysql';
  throw new StorageUrlError(
    `Unsupported storage URL ${redactUrl(url)}: use sqlite:<file>, sqlite::memory: or mysql://user:password@host:port/database.`,
  );
};

const DEFAULT_CONNECTION_LIMIT = 10;

export const parseStorageUrl = (url: string): StorageTarget => {
  if (dialectOf(url) === 'sqlite') {
    let rest = url.slice('sqlite:'.length);
    if (rest.startsWith('//')) rest = rest.slice(2);
    if (rest === ':memory:') return { dialect: 'sqlite', filename: ':memory:', memory: true };
    if (rest === '') throw new StorageUrlError('The sqlite: URL names no file, e.g. sqlite:./data/parley.db.');
    return { dialect: 'sqlite', filename: resolve(rest), memory: false };
  }
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new StorageUrlError(`Malformed storage URL ${redactUrl(url)}.`);
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!u.hostname || !database) throw new StorageUrlError(`The MySQL URL ${redactUrl(url)} needs a host and a database.`);
  const limit = u.searchParams.get('connectionLimit');
  const connectionLimit = limit === null ? DEFAULT_CONNECTION_LIMIT : Number(limit);
  if (!Number.isInteger(connectionLimit) || connectionLimit < 1)
    throw new StorageUrlError(`connectionLimit must be a positive integer, not ${limit}.`);
  return {
    dialect: 'mysql',
    host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database,
    connectionLimit,
    ssl: ['true', '1', 'required'].includes(u.searchParams.get('ssl') ?? ''),
  };
};

/** The part of better-sqlite3 used here (besides what Kysely needs). */
interface SqliteClient extends PreparingDatabase {
  pragma(source: string, options?: { simple?: boolean }): unknown;
}
type OpenSqlite = new (filename: string) => SqliteClient;

/** The part of mysql2 used here. */
type CreateMysqlPool = (config: {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  connectionLimit: number;
  charset: string;
  ssl?: { rejectUnauthorized: boolean };
}) => MysqlPool;

/**
 * A driver, loaded only for the dialect in use (so MySQL deployments never load the native SQLite
 * addon). Both are CommonJS: the export may sit on the namespace or on its default.
 */
const load = async <T>(importer: () => Promise<unknown>, pick: (m: Record<string, unknown>) => unknown): Promise<T> => {
  const m = (await importer()) as Record<string, unknown>;
  return (pick(m) ?? pick((m.default ?? {}) as Record<string, unknown>)) as T;
};

/** MySQL session settings: strict mode (an over-long value is an error, never silently cut). */
const MYSQL_SESSION =
  "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'";

const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * Pages the SQLite WAL grows by before the committing connection checkpoints it itself: a backstop, as the
 * checkpoint thread (`sqlite-checkpointer.ts`) copies the WAL into the file every tenth of a second and has
 * it start over from 4,000 pages (its quiet moments). 8,000 pages is 32 MB. Without the thread (it could not
 * start, or ended by itself), 250: a checkpoint then runs on the event loop, and 250 pages keep each one
 * short (SQLite's default, 1,000, gave a p99 of 20-35 ms at half load).
 */
const SQLITE_WAL_AUTOCHECKPOINT_PAGES = 8000;
const SQLITE_WAL_AUTOCHECKPOINT_PAGES_ALONE = 250;

/**
 * SQLite keeps its temporary storage in memory (`temp_store = MEMORY`), above all the statement journals.
 * In a transaction, each statement that writes several rows (a group of messages' `insert`, the chats'
 * `update`, a search index batch) journals the prior content of every page it changes, so that it can be
 * undone alone; past 64 KB that journal went to a new temporary file, written page by page and thrown away
 * at the commit. At 1,500 messages a second that was almost as many page writes as the WAL's, and a file
 * opened and deleted some 17 times a second, all on the event loop. The journal of one statement is a few
 * megabytes at most (a group of 128 messages changes some 500 pages). The setting also keeps in memory the
 * transient tables of a sort that no index serves.
 */
const SQLITE_TEMP_STORE = 'MEMORY';

/**
 * SQLite transactions begin `IMMEDIATE`: they take the write lock at once, waiting for it up to the busy
 * timeout. A deferred transaction (Kysely's `begin`) reads first and asks for the lock at its first write,
 * and if another connection (another host or the CLI on the same file) has written in between, SQLite
 * refuses the upgrade at once with `SQLITE_BUSY_SNAPSHOT`, which no wait can cure. Within one process
 * nothing changes: Kysely runs one transaction at a time on the one connection.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  constructor(
    config: SqliteDialectConfig,
    private readonly checkpointer: SqliteCheckpointer | null,
  ) {
    super(config);
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    // A quiet moment the checkpoint thread asked for (see `SqliteCheckpointer`): begin on a fully copied WAL.
    const quiet = this.checkpointer?.quiet();
    if (quiet) await quiet;
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  constructor(
    private readonly config: SqliteDialectConfig,
    private readonly checkpointer: SqliteCheckpointer | null,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.config, this.checkpointer);
  }
}

/** The checkpoint thread, or null when threads are unavailable (the committing connection checkpoints then). */
const startCheckpointer = (filename: string, onFailure: (error: Error) => void): SqliteCheckpointer | null => {
  try {
    return startSqliteCheckpointer(filename, { onFailure });
  } catch {
    return null;
  }
};

export interface ConnectOptions {
  /** Told when the SQLite checkpoint thread ends by itself (the connection then checkpoints on its own). */
  readonly logger?: SqlStorageLogger;
  /** @internal Starts the checkpoint thread; tests replace it to make the thread fail. */
  readonly startCheckpointer?: typeof startCheckpointer;
}

/** Opens the database (creating an SQLite file and its directory when missing). */
export const connect = async (
  target: StorageTarget,
  options: ConnectOptions = {},
): Promise<{
  db: Kysely<Database>;
  traits: DialectTraits;
  /** SQLite file: settles once the checkpoint thread has ended, after the database was destroyed. */
  stopped?: Promise<void>;
}> => {
  if (target.dialect === 'sqlite') {
    const Sqlite = await load<OpenSqlite>(
      () => import('better-sqlite3'),
      (m) => (typeof m === 'function' ? m : m.default),
    );
    if (!target.memory) mkdirSync(dirname(target.filename), { recursive: true });
    const client = new Sqlite(target.filename);
    let checkpointer: SqliteCheckpointer | null = null;
    let open = true;
    // The thread ended by itself: the connection checkpoints again, with the short interval of a connection alone.
    const alone = (error: Error) => {
      if (!open) return;
      try {
        client.pragma(`wal_autocheckpoint = ${SQLITE_WAL_AUTOCHECKPOINT_PAGES_ALONE}`);
      } catch {
        // Closing meanwhile: nothing is left to checkpoint for.
      }
      options.logger?.warn('storage-sql: the SQLite checkpoint thread stopped; the connection checkpoints the WAL itself', {
        error: error.message,
      });
    };
    try {
      if (!target.memory) {
        client.pragma('journal_mode = WAL');
        client.pragma('synchronous = NORMAL');
        checkpointer = (options.startCheckpointer ?? startCheckpointer)(target.filename, alone);
        client.pragma(`wal_autocheckpoint = ${checkpointer ? SQLITE_WAL_AUTOCHECKPOINT_PAGES : SQLITE_WAL_AUTOCHECKPOINT_PAGES_ALONE}`);
      }
      client.pragma('foreign_keys = ON');
      client.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
      client.pragma(`temp_store = ${SQLITE_TEMP_STORE}`);
    } catch (e) {
      open = false;
      client.close();
      checkpointer?.stop();
      throw e;
    }
    const database = cachingDatabase(client);
    const db = new Kysely<Database>({
      dialect: new ImmediateSqliteDialect(
        {
          database: {
            prepare: (source) => database.prepare(source),
            // The thread's connection closes last, so it is the one that checkpoints the WAL away.
            close() {
              open = false;
              database.close();
              checkpointer?.stop();
            },
          },
        },
        checkpointer,
      ),
    });
    // Kysely closes a driver it has set up only: without a first query, `destroy` would leave the file and
    // the checkpoint thread open (and `stopped` unsettled).
    try {
      await sql`select 1`.execute(db);
    } catch (e) {
      await db.destroy().catch(() => undefined);
      throw e;
    }
    return {
      db,
      traits: sqliteTraits(!target.memory),
      ...(checkpointer ? { stopped: checkpointer.stopped } : {}),
    };
  }

  const createPool = await load<CreateMysqlPool>(
    () => import('mysql2'),
    (m) => m.createPool,
  );
  const pool = createPool({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    connectionLimit: target.connectionLimit,
    charset: 'UTF8MB4_UNICODE_CI',
    ...(target.ssl ? { ssl: { rejectUnauthorized: true } } : {}),
  });
  const dialect = new MysqlDialect({
    pool,
    onCreateConnection: async (connection) => {
      await connection.executeQuery(CompiledQuery.raw(MYSQL_SESSION));
    },
  });
  const db = new Kysely<Database>({ dialect });
  try {
    checkServerVersion(await serverVersion(db));
    return { db, traits: mysqlTraits(await bestCollation(db)) };
  } catch (e) {
    await db.destroy().catch(() => {});
    throw e;
  }
};

/** The server's `select version()`, e.g. `10.11.19-MariaDB-0+deb12u1` or `8.0.36`. */
const serverVersion = async (db: Kysely<Database>): Promise<string> => {
  const { rows } = await sql<{ version: unknown }>`select version() as version`.execute(db);
  return String(rows[0]?.version ?? '');
};

/** The first of {@link MYSQL_COLLATIONS} the server has (MySQL and MariaDB each have one of the first two). */
const bestCollation = async (db: Kysely<Database>): Promise<MysqlCollation> => {
  const { rows } = await sql<{ name: string }>`
    select collation_name as name from information_schema.collations where collation_name in (${sql.join([...MYSQL_COLLATIONS])})
  `.execute(db);
  const present = new Set(rows.map((r) => r.name));
  return MYSQL_COLLATIONS.find((c) => present.has(c)) ?? 'utf8mb4_bin';
};
