import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectTraits } from '../dialect.js';

/**
 * Text search over chats (`ChatRepository.search`): an index of every message's text and of each chat's
 * visitor (name and email), kept by the database itself so that nothing written can be missed, whichever
 * code writes it. Frozen once released.
 *
 * SQLite: two FTS5 tables (`unicode61`, accents removed) filled by triggers on `chat_events` and `chats` in
 * the writing statement's own transaction; their `rowid` order is the order messages were written in.
 *
 * MySQL/MariaDB: a FULLTEXT index needs a case- and accent-insensitive collation, and the tables are binary
 * (see `MYSQL_COLLATIONS`), so it sits on stored generated columns in `utf8mb4_unicode_ci` (InnoDB keeps them
 * and the index in the row's transaction). They are invisible, so `select *` never reads them. The index is
 * built without stop words (InnoDB's list holds `com`, which would make emails unfindable); words shorter
 * than `innodb_ft_min_token_size` (3) are not indexed, and searches for them fall back to `LIKE`.
 */

// Untyped on purpose: a migration describes the schema as it was then.
type AnyDb = Kysely<any>;

const TOKENIZER = sql.lit('unicode61 remove_diacritics 2');
/** The visitor's words: name and email, as SQLite and MySQL read them from the JSON document. */
const sqliteVisitorText = (row: 'new' | 'old') =>
  sql.raw(`trim(coalesce(json_extract(${row}.visitor, '$.name'), '') || ' ' || coalesce(json_extract(${row}.visitor, '$.email'), ''))`);

export const chatSearch = (traits: DialectTraits): Migration => {
  if (traits.name === 'sqlite') {
    return {
      async up(db: AnyDb) {
        await sql`create virtual table chat_message_search using fts5(body, chat_id unindexed, tokenize = ${TOKENIZER})`.execute(db);
        await sql`create virtual table chat_visitor_search using fts5(body, chat_id unindexed, tokenize = ${TOKENIZER})`.execute(db);
        await sql`create trigger chat_events_search_insert after insert on chat_events when new.text is not null
          begin insert into chat_message_search (body, chat_id) values (new.text, new.chat_id); end`.execute(db);
        await sql`create trigger chats_search_insert after insert on chats
          begin insert into chat_visitor_search (body, chat_id) values (${sqliteVisitorText('new')}, new.id); end`.execute(db);
        // Visitors hardly ever change; finding the old row reads the visitor index (FTS5 cannot look up an
        // unindexed column), which is why only a real change of name or email gets here.
        await sql`create trigger chats_search_update after update of visitor on chats
          when ${sqliteVisitorText('old')} is not ${sqliteVisitorText('new')}
          begin
            delete from chat_visitor_search where chat_id = old.id;
            insert into chat_visitor_search (body, chat_id) values (${sqliteVisitorText('new')}, new.id);
          end`.execute(db);
        await sql`insert into chat_message_search (body, chat_id) select text, chat_id from chat_events where text is not null order by chat_id, seq`.execute(
          db,
        );
        await sql`insert into chat_visitor_search (body, chat_id) select ${sqliteVisitorText('new')}, new.id from chats as new`.execute(db);
      },
      async down(db: AnyDb) {
        for (const t of ['chats_search_update', 'chats_search_insert', 'chat_events_search_insert'])
          await sql`drop trigger ${sql.id(t)}`.execute(db);
        await sql`drop table chat_visitor_search`.execute(db);
        await sql`drop table chat_message_search`.execute(db);
      },
    };
  }
  const ci = sql.raw('utf8mb4_unicode_ci');
  const visitorField = (field: string) =>
    sql`coalesce(convert(json_value(visitor, ${sql.lit(`$.${field}`)}) using utf8mb4) collate ${ci}, '')`;
  return {
    async up(db: AnyDb) {
      await sql`alter table chat_events add column search_text mediumtext collate ${ci} as (text collate ${ci}) stored invisible`.execute(
        db,
      );
      await sql`alter table chats add column search_visitor text collate ${ci}
        as (trim(concat(${visitorField('name')}, ' ', ${visitorField('email')}))) stored invisible`.execute(db);
      // Migrations run on one connection, so the session setting holds for the index builds (which keep
      // it: the index itself has no stop words) and is put back before the connection is reused.
      await sql`set session innodb_ft_enable_stopword = 0`.execute(db);
      try {
        await sql`alter table chat_events add fulltext index chat_events_search_ft (search_text)`.execute(db);
        await sql`alter table chats add fulltext index chats_search_ft (search_visitor)`.execute(db);
      } finally {
        await sql`set session innodb_ft_enable_stopword = default`.execute(db);
      }
    },
    async down(db: AnyDb) {
      await sql`alter table chats drop index chats_search_ft, drop column search_visitor`.execute(db);
      await sql`alter table chat_events drop index chat_events_search_ft, drop column search_text`.execute(db);
    },
  };
};
