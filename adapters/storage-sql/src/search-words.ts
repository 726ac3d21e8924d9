import { sql } from 'kysely';
import { searchWords, visitorSearchText, type Chat, type ChatEvent, type Id } from '@parley/core';
import type { RepositoryContext } from './repository-context.js';
import { SearchNumberScope, type SearchNumbers } from './search-numbers.js';

/**
 * The word index of chat search on MySQL/MariaDB (migration 0021, `chat_search_words`): a row per distinct
 * word of each message and of each chat's visitor (name and email, `seq` 0), keyed by numbers instead of
 * ids (`accounts.search_no`, `chats.search_no`) so that a word's rows are short and its range a short read.
 * The repositories write the rows in the statement's own transaction, so a rollback takes them with it.
 * The words are the core's (`searchWords`: folded without case and accents), so a word is found exactly as
 * the core's matcher finds it; the primary key `(account_no, word, chat_no, seq)` answers a word's
 * beginning as one range, `chat_search_words_message_idx` whether one message has a word.
 */

/** Longest word the index keeps (characters, as `varchar(64)` counts them); longer words are cut. */
export const SEARCH_WORD_LENGTH = 64;

/** Rows inserted by one statement. */
const INSERT_BATCH = 500;

/** The word as the index keeps it: its first {@link SEARCH_WORD_LENGTH} characters. */
export const indexedWord = (word: string): string =>
  word.length <= SEARCH_WORD_LENGTH ? word : [...word].slice(0, SEARCH_WORD_LENGTH).join('');

/** The distinct indexed words of a text. */
export const indexedWords = (text: string): string[] => [...new Set(searchWords(text).map(indexedWord))];

/** A word of a chat's message (`seq`) or visitor (`seq` 0). */
export interface ChatWord {
  readonly chatId: Id;
  readonly seq: number;
  readonly word: string;
}

/** The words of these events' texts (events without text have none). */
export const eventWords = (events: readonly ChatEvent[]): ChatWord[] =>
  events.flatMap((e) => (e.text === null ? [] : indexedWords(e.text).map((word) => ({ chatId: e.chatId, seq: e.seq, word }))));

/** The words of a chat's visitor. */
export const visitorWords = (chatId: Id, visitor: Chat['visitor']): ChatWord[] =>
  indexedWords(visitorSearchText(visitor)).map((word) => ({ chatId, seq: 0, word }));

/**
 * Inserts the words as rows of numbers: the numbers of chats not in `numbers` are read first, in one
 * statement. Words of a chat that is not stored are left out.
 */
export const insertWords = async (
  db: RepositoryContext['db'],
  words: readonly ChatWord[],
  numbers: SearchNumberScope = new SearchNumberScope(null, false),
): Promise<void> => {
  if (words.length === 0) return;
  const read = new Map<Id, SearchNumbers>();
  const numbersOf = (chatId: Id) => read.get(chatId) ?? numbers.get(chatId);
  const missing = [...new Set(words.map((w) => w.chatId))].filter((chatId) => numbersOf(chatId) === undefined);
  if (missing.length > 0) {
    const { rows } = await sql<{ id: Id; chat_no: number | string; account_no: number | string }>`
      select c.id, c.search_no as chat_no, a.search_no as account_no from chats c join accounts a on a.id = c.account_id
      where c.id in (${sql.join(missing)})`.execute(db);
    for (const r of rows) {
      const found = { accountNo: Number(r.account_no), chatNo: Number(r.chat_no) };
      read.set(r.id, found);
      numbers.learn(r.id, found);
    }
  }
  const rows = words.flatMap((w) => {
    const n = numbersOf(w.chatId);
    return n === undefined ? [] : [sql`(${n.accountNo}, ${w.word}, ${n.chatNo}, ${w.seq})`];
  });
  for (let i = 0; i < rows.length; i += INSERT_BATCH)
    await sql`insert into chat_search_words (account_no, word, chat_no, seq) values ${sql.join(rows.slice(i, i + INSERT_BATCH))}`.execute(
      db,
    );
};

/** Replaces the words of a chat's visitor as it was (`before`) by those of the visitor now, writing only the difference. */
export const replaceVisitorWords = async (
  db: RepositoryContext['db'],
  chatId: Id,
  before: Chat['visitor'],
  after: Chat['visitor'],
  numbers?: SearchNumberScope,
): Promise<void> => {
  const old = new Set(indexedWords(visitorSearchText(before)));
  const now = visitorWords(chatId, after);
  const removed = [...old].filter((w) => !now.some((n) => n.word === w));
  if (removed.length > 0)
    await sql`delete w from chat_search_words w join chats c on w.chat_no = c.search_no join accounts a on w.account_no = a.search_no
      where c.id = ${chatId} and a.id = c.account_id and w.seq = 0 and w.word in (${sql.join(removed)})`.execute(db);
  await insertWords(
    db,
    now.filter((n) => !old.has(n.word)),
    numbers,
  );
};
