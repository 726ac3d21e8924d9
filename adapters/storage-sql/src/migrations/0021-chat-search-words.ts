import { sql, type Kysely, type Migration } from 'kysely';
import { visitorSearchText } from '@parley/core';
import type { DialectTraits } from '../dialect.js';
import { indexedWords } from '../search-words.js';
import { chatSearch } from './0011-chat-search.js';

/**
 * MySQL/MariaDB chat search through a word index of its own (SQLite unchanged): `chat_search_words`, a row
 * per distinct word of a message (`seq`) or of a chat's visitor name and email (`seq` 0), keyed
 * `(account_no, word, chat_no, seq)` with the account's and chat's numbers (`search_no`, added here to
 * `accounts` and `chats`: a row is then about 30 bytes, where ids would make it 100), and indexed by message
 * (`chat_no, seq`). It replaces 0011's FULLTEXT indexes: InnoDB finds a word's matches at about 7 µs each
 * and lists every one before a page can be cut (a word in one message of 200: 40 ms a query at a million
 * messages, 0.5-1.6 s when its index is not in the buffer pool), where the range of a word's beginning in
 * this key is read at well under 1 µs a row. Existing messages and visitors are indexed here, a batch of
 * chats at a time, with the words the repositories write (`indexedWords`). Frozen once released.
 */

// Untyped on purpose: a migration describes the schema as it was then.
type AnyDb = Kysely<any>;

/** Chats indexed at once. */
const CHATS = 500;
/** Rows inserted by one statement. */
const ROWS = 2000;

export const chatSearchWords = (traits: DialectTraits): Migration => {
  if (traits.name !== 'mysql') return { async up() {}, async down() {} };
  return {
    async up(db: AnyDb) {
      // Numbered in key order for the rows there are; new rows get the next number as they are inserted.
      await sql`alter table accounts add column search_no bigint not null auto_increment, add unique key accounts_search_no_uq (search_no)`.execute(
        db,
      );
      await sql`alter table chats add column search_no bigint not null auto_increment, add unique key chats_search_no_uq (search_no)`.execute(
        db,
      );
      const t = db.schema
        .createTable('chat_search_words')
        .addColumn('account_no', 'bigint', (c) => c.notNull())
        .addColumn('word', 'varchar(64)', (c) => c.notNull())
        .addColumn('chat_no', 'bigint', (c) => c.notNull())
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('chat_search_words_pk', ['account_no', 'word', 'chat_no', 'seq']);
      await (traits.tableOptions ? t.modifyEnd(traits.tableOptions) : t).execute();
      await db.schema.createIndex('chat_search_words_message_idx').on('chat_search_words').columns(['chat_no', 'seq']).execute();

      type ChatRow = { id: string; visitor: string; chat_no: number; account_no: number };
      type EventRow = { chat_id: string; seq: number; text: string };
      let after: string | null = null;
      for (;;) {
        const { rows: chats }: { rows: ChatRow[] } = await sql<ChatRow>`
          select c.id, c.visitor, c.search_no as chat_no, a.search_no as account_no from chats c join accounts a on a.id = c.account_id
          ${after === null ? sql`` : sql`where c.id > ${after}`} order by c.id limit ${CHATS}`.execute(db);
        if (chats.length === 0) break;
        const { rows: events }: { rows: EventRow[] } = await sql<EventRow>`
          select chat_id, seq, text from chat_events where chat_id in (${sql.join(chats.map((c) => c.id))}) and text is not null`.execute(
          db,
        );
        const byId = new Map(chats.map((c) => [c.id, c]));
        const rows: (readonly [number, string, number, number])[] = [];
        for (const c of chats) {
          const v = JSON.parse(c.visitor) as { name?: string | null; email?: string | null };
          for (const w of indexedWords(visitorSearchText({ name: v.name ?? null, email: v.email ?? null })))
            rows.push([c.account_no, w, c.chat_no, 0]);
        }
        for (const e of events) {
          const c = byId.get(e.chat_id)!;
          for (const w of indexedWords(e.text)) rows.push([c.account_no, w, c.chat_no, Number(e.seq)]);
        }
        for (let i = 0; i < rows.length; i += ROWS) {
          const values = rows.slice(i, i + ROWS).map(([a, w, c, s]) => sql`(${a}, ${w}, ${c}, ${s})`);
          await sql`insert into chat_search_words (account_no, word, chat_no, seq) values ${sql.join(values)}`.execute(db);
        }
        after = chats[chats.length - 1]!.id;
      }

      await sql`alter table chat_events drop index chat_events_search_ft, drop column search_text`.execute(db);
      await sql`alter table chats drop index chats_search_ft, drop column search_visitor`.execute(db);
    },
    async down(db: AnyDb) {
      await chatSearch(traits).up(db);
      await db.schema.dropTable('chat_search_words').execute();
      await sql`alter table chats drop index chats_search_no_uq, drop column search_no`.execute(db);
      await sql`alter table accounts drop index accounts_search_no_uq, drop column search_no`.execute(db);
    },
  };
};
