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

/**
 * SQLite: takes these chats out of the search index, in the caller's transaction, before their rows go: their
 * visitor's row, their messages' rows and numbers. The message index keeps no text (contentless), and FTS5 takes
 * a row out of it only given the text it indexed, so each message already indexed is deleted with its own stored
 * text; one still noted in `chat_search_pending` was never indexed, and is only forgotten there.
 */
export const forgetSearchEntries = async (db: Kysely<Database>, chatIds: readonly string[]): Promise<void> => {
  if (chatIds.length === 0) return;
  const { rows } = await sql<{ no: number }>`select no from chat_search_keys where chat_id in (${sql.join(chatIds)})`.execute(db);
  if (rows.length === 0) return;
  const nos = sql.join(rows.map((r) => r.no));
  await sql`insert into chat_text_search (chat_text_search, rowid, body)
    select 'delete', k.no * 4294967296 + e.seq, e.text from chat_events e join chat_search_keys k on k.chat_id = e.chat_id
    where k.no in (${nos}) and e.text is not null
      and k.no * 4294967296 + e.seq not in (select key from chat_search_pending where (key >> 32) in (${nos}))`.execute(db);
  await sql`delete from chat_search_pending where (key >> 32) in (${nos})`.execute(db);
  await sql`delete from chat_visitor_text_search where rowid in (${nos})`.execute(db);
  await sql`delete from chat_search_keys where no in (${nos})`.execute(db);
};

/**
 * Pages of the message index one merge step writes at most: about 2 ms. With FTS5's own merging off
 * (migration 0023), a few steps after each batch keep the segments merged, each its own short write.
 */
export const SEARCH_MERGE_STEP_PAGES = 32;

/**
 * Merge steps after one batch at most (128 pages). In a run of 200,000 short messages in batches of 500,
 * one 32-page step after each batch kept pace, and found nothing to merge after half of them.
 */
export const SEARCH_MERGE_STEPS = 4;

/**
 * SQLite: one step of merging the message index's segments (FTS5's `merge` command, at most
 * {@link SEARCH_MERGE_STEP_PAGES} pages), in its own transaction unless the caller is in one: the transaction
 * holds the one connection across the three statements, so no other write lands between the two counts.
 * Merges only where FTS5 would have: a level holding `usermerge` (4) segments, or a merge already begun.
 * Resolves with whether it had work to do (FTS5 counts a change for each page it writes).
 */
export const mergeSearchIndex = async (db: Kysely<Database>): Promise<boolean> =>
  atomically(db, async (tx) => {
    const before = await sql<{ n: number }>`select total_changes() as n`.execute(tx);
    await sql`insert into chat_text_search (chat_text_search, rank) values ('merge', ${sql.lit(SEARCH_MERGE_STEP_PAGES)})`.execute(tx);
    const after = await sql<{ n: number }>`select total_changes() as n`.execute(tx);
    return Number(after.rows[0]?.n) - Number(before.rows[0]?.n) >= 2;
  });

/** SQLite: merge steps until one finds nothing to do, {@link SEARCH_MERGE_STEPS} at most; `between` runs before each. */
export const mergeSearchIndexSteps = async (db: Kysely<Database>, between: () => Promise<void>): Promise<void> => {
  for (let step = 0; step < SEARCH_MERGE_STEPS; step++) {
    await between();
    if (!(await mergeSearchIndex(db))) return;
  }
};

/**
 * SQLite: indexes every noted message, a batch at a time (before a search reads the index). No merge steps:
 * a search does not wait for them, and the next scheduled batch's steps merge what these batches wrote (a
 * long run of batches is merged by FTS5's `crisismerge`).
 */
export const indexAllPendingMessages = async (db: Kysely<Database>): Promise<void> => {
  while ((await indexPendingMessages(db)) === SEARCH_INDEX_BATCH);
};
