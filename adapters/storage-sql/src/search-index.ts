import { sql, type Kysely } from 'kysely';
import { atomically } from './repository-context.js';
import type { Database } from './schema.js';

/**
 * Messages moved into SQLite's full-text index by one transaction. A batch is one FTS5 segment; a few hundred
 * messages take a few milliseconds, so a batch never holds the event loop long.
 */
export const SEARCH_INDEX_BATCH = 500;

/** The last `id` of a batch: the batch is the `limit` oldest noted messages. */
const batchEnd = (limit: number) => sql`(select max(id) from (select id from chat_search_pending order by id limit ${limit}))`;

/**
 * SQLite: moves up to `limit` of the messages noted in `chat_search_pending` (migration 0022) into the
 * full-text index, oldest first, and forgets them, in one transaction (the caller's, if it is in one).
 * The first statement writes, so the transaction takes the write lock at once and the batch cannot change
 * under it. Resolves with how many were moved: fewer than `limit` means none are left.
 */
export const indexPendingMessages = async (db: Kysely<Database>, limit = SEARCH_INDEX_BATCH): Promise<number> => {
  const { rows } = await sql<{ noted: number }>`select exists (select 1 from chat_search_pending) as noted`.execute(db);
  if (!rows[0]?.noted) return 0;
  return atomically(db, async (tx) => {
    await sql`insert into chat_text_search (rowid, body)
      select p.key, e.text from chat_search_pending p
      join chat_search_keys k on k.no = p.key >> 32
      join chat_events e on e.chat_id = k.chat_id and e.seq = (p.key & 4294967295)
      where p.id <= ${batchEnd(limit)}`.execute(tx);
    const done = await sql`delete from chat_search_pending where id <= ${batchEnd(limit)}`.execute(tx);
    return Number(done.numAffectedRows ?? 0);
  });
};

/** SQLite: indexes every noted message, a batch at a time (before a search reads the index). */
export const indexAllPendingMessages = async (db: Kysely<Database>): Promise<void> => {
  while ((await indexPendingMessages(db)) === SEARCH_INDEX_BATCH);
};
