import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** The part of a better-sqlite3 statement the cache needs besides what Kysely uses. */
export interface CacheableStatement extends SqliteStatement {
  /** True while an `iterate()` over it is open; such a statement cannot run anything else. */
  readonly busy: boolean;
}

/** The part of better-sqlite3's `Database` the cache wraps. */
export interface PreparingDatabase {
  prepare(source: string): CacheableStatement;
  close(): void;
}

/** How many distinct statements are kept prepared (a few dozen are in real use; `in (...)` lists vary). */
export const STATEMENT_CACHE_SIZE = 256;

/**
 * The database as Kysely's SQLite driver sees it, with `prepare` answered from a small LRU cache keyed by
 * the SQL text. Kysely prepares every statement it runs afresh, and for short statements preparing
 * costs as much as running. better-sqlite3 statements are reusable (parameters are bound per call),
 * and everything but `iterate()` runs to completion synchronously, so a cached statement is free again
 * when the next caller gets it; one that is still iterating (`busy`) is not reused: the caller gets a
 * fresh, uncached one. Statements are finalized with the database on `close()`.
 */
export const cachingDatabase = (db: PreparingDatabase, size = STATEMENT_CACHE_SIZE): SqliteDatabase => {
  const cache = new Map<string, CacheableStatement>();
  return {
    prepare(source) {
      const hit = cache.get(source);
      if (hit) {
        if (hit.busy) return db.prepare(source);
        cache.delete(source); // move to the most recently used end
        cache.set(source, hit);
        return hit;
      }
      const stmt = db.prepare(source);
      cache.set(source, stmt);
      if (cache.size > size) cache.delete(cache.keys().next().value!);
      return stmt;
    },
    close() {
      cache.clear();
      db.close();
    },
  };
};
