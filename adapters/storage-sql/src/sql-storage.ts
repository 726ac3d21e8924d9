import { sql, type Kysely } from 'kysely';
import type { Repositories, Storage, StorageCapabilities, StorageUnavailableError } from '@parley/core';
import { connect, parseStorageUrl } from './connect.js';
import type { DialectTraits } from './dialect.js';
import { unavailableOf } from './errors.js';
import type { SqlStorageLogger } from './logger.js';
import { migrateToLatest } from './migrate.js';
import { createRepositories } from './repositories.js';
import { DEFAULT_SEARCH_SCAN_CHATS } from './repository-context.js';
import { withRetry, type RetryPolicy } from './retry.js';
import { indexAllPendingMessages, indexPendingMessages, mergeSearchIndexSteps, SEARCH_INDEX_BATCH } from './search-index.js';
import { SearchNumberCache, SearchNumberScope } from './search-numbers.js';
import type { Database } from './schema.js';

export interface SqlStorageOptions {
  /** `sqlite:./data/parley.db`, `sqlite::memory:` or `mysql://user:password@host:3306/database`. */
  readonly url: string;
  readonly logger?: SqlStorageLogger;
  /**
   * How many of the newest chats (that pass the filter) a text search reads itself before it turns to the
   * full-text index; default {@link DEFAULT_SEARCH_SCAN_CHATS}, 0 to always use the index (see `search` in
   * `chat-repository.ts`).
   */
  readonly searchScanChats?: number;
  /**
   * SQLite: how long after a commit the messages it noted for the full-text index are indexed, in ms
   * (default {@link DEFAULT_SEARCH_INDEX_DELAY_MS}). A search indexes them first whatever this is.
   */
  readonly searchIndexDelayMs?: number;
}

/**
 * SQLite indexes new messages for search a tenth of a second after a commit: under load that is one FTS5
 * segment for a few hundred messages instead of one per commit, and the batch is small enough to take a
 * few milliseconds.
 */
export const DEFAULT_SEARCH_INDEX_DELAY_MS = 100;

/** Runs `run`, turning a connection-level failure into {@link StorageUnavailableError}. */
const reachable = async <T>(run: () => Promise<T>): Promise<T> => {
  try {
    return await run();
  } catch (e) {
    throw unavailableOf(e) ?? e;
  }
};

/** How often a transaction aborted by a deadlock or lock wait timeout is tried, in all. */
const TRANSACTION_ATTEMPTS = 4;
const RETRY_BASE_DELAY_MS = 15;

/**
 * {@link Storage} on SQL through Kysely: MySQL/MariaDB over a mysql2 pool, or an embedded SQLite file.
 * Build one with {@link createSqlStorage}, then call {@link SqlStorage.migrate} before use.
 */
export class SqlStorage implements Storage {
  readonly capabilities: StorageCapabilities;
  private readonly reader: Repositories;
  private readonly retry: RetryPolicy;
  /** SQLite: the timer of the next search index batch, while one is due. */
  private searchIndexTimer: ReturnType<typeof setTimeout> | null = null;
  /** SQLite: the search index batch running now. */
  private searchIndexing: Promise<void> | null = null;
  /** SQLite: a commit came while a batch ran, so another batch is due after it. */
  private searchIndexAgain = false;
  private closed = false;
  /** MySQL: chats' numbers in the word index, kept across transactions (see {@link SearchNumberCache}). */
  private readonly searchNumbers = new SearchNumberCache();

  /** @internal Use {@link createSqlStorage}. */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly traits: DialectTraits,
    private readonly logger?: SqlStorageLogger,
    private readonly searchScanChats = DEFAULT_SEARCH_SCAN_CHATS,
    private readonly searchIndexDelayMs = DEFAULT_SEARCH_INDEX_DELAY_MS,
    /** Settles once the database's background work has ended, after `close`. */
    private readonly stopped: Promise<void> = Promise.resolve(),
  ) {
    this.capabilities = { name: traits.name, durable: traits.durable };
    this.reader = createRepositories({ db, traits, searchScanChats, searchNumbers: new SearchNumberScope(this.searchNumbers, false) });
    this.retry = {
      attempts: TRANSACTION_ATTEMPTS,
      baseDelayMs: RETRY_BASE_DELAY_MS,
      isTransient: traits.isTransient,
      onRetry: (error, attempt, delayMs) =>
        this.logger?.warn('storage-sql: transaction aborted by the database, retrying', {
          dialect: traits.name,
          attempt,
          delayMs,
          error: error instanceof Error ? error.message : String(error),
        }),
    };
  }

  /** Applies the pending migrations; safe to call on every start. */
  async migrate(): Promise<void> {
    await migrateToLatest(this.db, this.traits, this.logger);
    this.searchNumbers.clear(); // a migration may have numbered the chats again
  }

  /**
   * Runs `fn` in a transaction; on MySQL, runs it again when it dies of a deadlock or lock wait timeout.
   * A database that cannot be reached throws {@link StorageUnavailableError}, as do {@link read} and {@link ping}.
   */
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T> {
    return reachable(() => withRetry(this.retry, () => this.transactionOnce(fn)));
  }

  /**
   * One try of {@link transaction}. The error it rejects with is the first one: Kysely's `transaction()` rolls
   * back after any error, also after a COMMIT that died with its connection, and that rollback's own error
   * ("connection is in closed state") would hide why the COMMIT failed, which is what an operator must see
   * when a commit's outcome is unknown. So a rollback that fails is ignored here.
   */
  private async transactionOnce<T>(fn: (tx: Repositories) => Promise<T>): Promise<T> {
    const trx = await this.db.startTransaction().execute();
    const searchNumbers = new SearchNumberScope(this.searchNumbers, true);
    try {
      const result = await fn(createRepositories({ db: trx, traits: this.traits, searchScanChats: this.searchScanChats, searchNumbers }));
      await trx.commit().execute();
      this.searchNumbers.keep(searchNumbers.learned);
      this.scheduleSearchIndex();
      return result;
    } catch (error) {
      // Releases the connection, whatever became of it; a dead one is dropped by the pool.
      await trx
        .rollback()
        .execute()
        .catch(() => undefined);
      throw error;
    }
  }

  read<T>(fn: (r: Repositories) => Promise<T>): Promise<T> {
    return reachable(() => fn(this.reader));
  }

  async ping(): Promise<void> {
    await reachable(() => sql`select 1`.execute(this.db));
  }

  async close(): Promise<void> {
    if (this.closed) return this.db.destroy();
    this.closed = true;
    if (this.searchIndexTimer !== null) clearTimeout(this.searchIndexTimer);
    this.searchIndexTimer = null;
    await this.searchIndexing;
    // What is still noted is indexed now rather than by the next start's first batch or search.
    if (this.traits.name === 'sqlite') await indexAllPendingMessages(this.db).catch((e) => this.searchIndexFailed(e));
    await this.db.destroy();
    await this.stopped;
  }

  /**
   * SQLite: after a commit, indexes for search the messages noted by it and by the commits of the next
   * `searchIndexDelayMs` (see migration 0022), a batch at a time; one timer at most, none when idle. The
   * commit does not know whether it added a message: a batch with none to index reads one row. After a
   * batch, the index's merge steps (migration 0023), each in a turn of the event loop of its own, so that
   * what waits for the loop runs between them.
   */
  private scheduleSearchIndex(delayMs = this.searchIndexDelayMs): void {
    if (this.traits.name !== 'sqlite' || this.searchIndexTimer !== null || this.closed) return;
    if (this.searchIndexing !== null) {
      this.searchIndexAgain = true;
      return;
    }
    this.searchIndexTimer = setTimeout(() => {
      this.searchIndexTimer = null;
      this.searchIndexing = reachable(async () => {
        const moved = await indexPendingMessages(this.db);
        if (moved > 0)
          await mergeSearchIndexSteps(this.db, () => new Promise((resolve) => setImmediate(resolve))).catch((e: unknown) =>
            this.searchIndexFailed(e, 'merging the search index failed; the steps after the next batch go on with it'),
          );
        return moved;
      })
        .catch((e: unknown) => {
          this.searchIndexFailed(e);
          return 0;
        })
        .then((moved) => {
          this.searchIndexing = null;
          const again = this.searchIndexAgain;
          this.searchIndexAgain = false;
          // A full batch may have left more: the next one follows at once, after what waits for the loop.
          if (moved === SEARCH_INDEX_BATCH) this.scheduleSearchIndex(0);
          else if (again) this.scheduleSearchIndex();
        });
    }, delayMs);
    this.searchIndexTimer.unref?.();
  }

  /** By default: the messages stay noted, and the next commit or search tries again. */
  private searchIndexFailed(error: unknown, what = 'indexing new messages for search failed; they stay noted and are indexed later'): void {
    this.logger?.warn(`storage-sql: ${what}`, {
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

/**
 * Connects to the database named by `url` (creating an SQLite file and its directory when missing) and
 * checks that it answers, so that a wrong host or password fails here rather than on first use.
 */
export const createSqlStorage = async (options: SqlStorageOptions): Promise<SqlStorage> => {
  const { db, traits, stopped } = await connect(parseStorageUrl(options.url), { logger: options.logger });
  const storage = new SqlStorage(db, traits, options.logger, options.searchScanChats, options.searchIndexDelayMs, stopped);
  try {
    await storage.ping();
  } catch (e) {
    await storage.close().catch(() => {});
    throw e;
  }
  return storage;
};
