import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectTraits } from '../dialect.js';
import { chatSearch } from './0011-chat-search.js';

/**
 * SQLite chat search without content lookups (replaces 0011's FTS5 tables; MySQL/MariaDB unchanged). Each
 * chat gets a number (`chat_search_keys.no`, an integer primary key, so VACUUM keeps it), and the FTS5
 * rowids carry it: a message is `no × 2³² + seq` in a contentless table (the text stays in `chat_events`
 * only), a visitor is `no`. A match then yields its chats from the index alone (`rowid >> 32`), where 0011
 * read each matching message's unindexed `chat_id` from the FTS5 content table, one lookup a match.
 * Limits: `seq` below 2³², chat numbers below 2³¹. Frozen once released.
 */

// Untyped on purpose: a migration describes the schema as it was then.
type AnyDb = Kysely<any>;

const TOKENIZER = sql.lit('unicode61 remove_diacritics 2');
const visitorText = (row: 'new' | 'old') =>
  sql.raw(`trim(coalesce(json_extract(${row}.visitor, '$.name'), '') || ' ' || coalesce(json_extract(${row}.visitor, '$.email'), ''))`);
const noOf = (chatId: string) => sql.raw(`(select no from chat_search_keys where chat_id = ${chatId})`);

export const chatSearchKeys = (traits: DialectTraits): Migration => {
  if (traits.name !== 'sqlite') return { async up() {}, async down() {} };
  return {
    async up(db: AnyDb) {
      for (const t of ['chats_search_update', 'chats_search_insert', 'chat_events_search_insert'])
        await sql`drop trigger ${sql.id(t)}`.execute(db);
      await sql`drop table chat_visitor_search`.execute(db);
      await sql`drop table chat_message_search`.execute(db);
      await sql`create table chat_search_keys (no integer primary key, chat_id varchar(64) not null unique)`.execute(db);
      await sql`create virtual table chat_text_search using fts5(body, content = '', tokenize = ${TOKENIZER})`.execute(db);
      await sql`create virtual table chat_visitor_text_search using fts5(body, tokenize = ${TOKENIZER})`.execute(db);
      // Oldest first, so that the numbers follow the chats' order as they do for chats created later.
      await sql`insert into chat_search_keys (chat_id) select id from chats order by id`.execute(db);
      await sql`create trigger chats_search_insert after insert on chats
        begin
          insert into chat_search_keys (chat_id) values (new.id);
          insert into chat_visitor_text_search (rowid, body) values (${noOf('new.id')}, ${visitorText('new')});
        end`.execute(db);
      await sql`create trigger chats_search_update after update of visitor on chats
        when ${visitorText('old')} is not ${visitorText('new')}
        begin
          delete from chat_visitor_text_search where rowid = ${noOf('old.id')};
          insert into chat_visitor_text_search (rowid, body) values (${noOf('new.id')}, ${visitorText('new')});
        end`.execute(db);
      await sql`create trigger chat_events_search_insert after insert on chat_events when new.text is not null
        begin
          insert into chat_text_search (rowid, body) values (${noOf('new.chat_id')} * 4294967296 + new.seq, new.text);
        end`.execute(db);
      await sql`insert into chat_text_search (rowid, body)
        select k.no * 4294967296 + e.seq, e.text from chat_events e join chat_search_keys k on k.chat_id = e.chat_id
        where e.text is not null order by k.no, e.seq`.execute(db);
      await sql`insert into chat_visitor_text_search (rowid, body)
        select k.no, ${visitorText('new')} from chats as new join chat_search_keys k on k.chat_id = new.id order by k.no`.execute(db);
    },
    async down(db: AnyDb) {
      for (const t of ['chats_search_update', 'chats_search_insert', 'chat_events_search_insert'])
        await sql`drop trigger ${sql.id(t)}`.execute(db);
      for (const t of ['chat_text_search', 'chat_visitor_text_search', 'chat_search_keys']) await sql`drop table ${sql.id(t)}`.execute(db);
      await chatSearch(traits).up(db);
    },
  };
};
