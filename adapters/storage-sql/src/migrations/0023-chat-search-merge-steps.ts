import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectTraits } from '../dialect.js';

/**
 * SQLite: the message index (`chat_text_search`) no longer merges its segments inside the batches that add
 * to it. FTS5's automatic merge does its work in quanta: every 64 leaf pages written, a merge of up to 64
 * pages per level of the index, inside whichever write crossed the line: batches of 500 messages that took
 * 1.4 ms at the median took 9.4 ms at p99 and 14 at most. With `automerge` 0 the storage merges instead, a
 * few pages at a time in separate steps after each batch (`mergeSearchIndex`); FTS5's `crisismerge` (a
 * level of 16 segments) still merges if the steps ever fall behind. The visitors' index is written once per
 * chat and keeps the default. MySQL/MariaDB unchanged. Frozen once released.
 */

// Untyped on purpose: a migration describes the schema as it was then.
type AnyDb = Kysely<any>;

export const chatSearchMergeSteps = (traits: DialectTraits): Migration => {
  if (traits.name !== 'sqlite') return { async up() {}, async down() {} };
  return {
    async up(db: AnyDb) {
      await sql`insert into chat_text_search (chat_text_search, rank) values ('automerge', 0)`.execute(db);
    },
    async down(db: AnyDb) {
      await sql`insert into chat_text_search (chat_text_search, rank) values ('automerge', 4)`.execute(db);
    },
  };
};
