import type { Kysely } from 'kysely';
import type { Page } from '@parley/core';
import type { DialectTraits } from './dialect.js';
import type { Database } from './schema.js';
import type { SearchNumberScope } from './search-numbers.js';

/** What every repository works with: a connection (the transaction, or the pool for reads) and the dialect. */
export interface RepositoryContext {
  readonly db: Kysely<Database>;
  readonly traits: DialectTraits;
  /** See `SqlStorageOptions.searchScanChats`; {@link DEFAULT_SEARCH_SCAN_CHATS} when absent. */
  readonly searchScanChats?: number;
  /** MySQL: the chats' numbers in the word index known to this transaction (see `SearchNumberCache`). */
  readonly searchNumbers?: SearchNumberScope;
}

/**
 * A text search first reads the newest 300 chats itself: a common word is found among them at once, where
 * the index would have to list every one of its (possibly hundreds of thousands of) matches first.
 */
export const DEFAULT_SEARCH_SCAN_CHATS = 300;

/**
 * Runs statements that must see each other atomically: inside the caller's transaction when there is
 * one (under `Storage.transaction`), otherwise in a short transaction of their own (under `Storage.read`).
 */
export const atomically = <T>(db: Kysely<Database>, fn: (db: Kysely<Database>) => Promise<T>): Promise<T> =>
  db.isTransaction ? fn(db) : db.transaction().execute(fn);

/** One page out of `limit + 1` rows: the extra row only says whether there is a next page. */
export const pageOf = <T>(rows: readonly T[], limit: number, cursorOf: (item: T) => string): Page<T> => {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
};
