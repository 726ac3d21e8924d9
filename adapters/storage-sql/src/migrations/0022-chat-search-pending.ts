import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectTraits } from '../dialect.js';

/**
 * SQLite: messages reach the full-text index in batches (MySQL/MariaDB unchanged). FTS5 writes a new segment
 * for every transaction that adds to it, so indexing each message in its own commit (0018's trigger) made
 * the index as costly as everything else a message commit writes. The trigger now only notes the message's
 * index key (`chat no × 2³² + seq`, as in 0018) in `chat_search_pending`; the storage moves what is noted
 * into `chat_text_search` a batch at a time, in one transaction, shortly after a commit and before any
 * search reads the index (`indexPendingMessages`), so a search still finds every message committed before it.
 * What is noted survives a crash: it is indexed by the next batch. Frozen once released.
 */

// Untyped on purpose: a migration describes the schema as it was then.
type AnyDb = Kysely<any>;

const noOf = (chatId: string) => sql.raw(`(select no from chat_search_keys where chat_id = ${chatId})`);

export const chatSearchPending = (traits: DialectTraits): Migration => {
  if (traits.name !== 'sqlite') return { async up() {}, async down() {} };
  return {
    async up(db: AnyDb) {
      await sql`drop trigger chat_events_search_insert`.execute(db);
      // `id` keeps the order in which messages were noted, so that a batch is the oldest ones.
      await sql`create table chat_search_pending (id integer primary key, key integer not null)`.execute(db);
      await sql`create trigger chat_events_search_insert after insert on chat_events when new.text is not null
        begin
          insert into chat_search_pending (key) values (${noOf('new.chat_id')} * 4294967296 + new.seq);
        end`.execute(db);
    },
    async down(db: AnyDb) {
      await sql`insert into chat_text_search (rowid, body)
        select p.key, e.text from chat_search_pending p
        join chat_search_keys k on k.no = p.key >> 32
        join chat_events e on e.chat_id = k.chat_id and e.seq = (p.key & 4294967295)
        order by p.id`.execute(db);
      await sql`drop trigger chat_events_search_insert`.execute(db);
      await sql`drop table chat_search_pending`.execute(db);
      await sql`create trigger chat_events_search_insert after insert on chat_events when new.text is not null
        begin
          insert into chat_text_search (rowid, body) values (${noOf('new.chat_id')} * 4294967296 + new.seq, new.text);
        end`.execute(db);
    },
  };
};
