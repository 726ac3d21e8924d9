import { sql } from 'kysely';
import { searchWords, visitorSearchText, type Chat, type ChatEvent, type Id } from '@parley/core';
import type { RepositoryContext } from './repository-context.js';

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
 * Inserts the words, each chat's and account's number read from `chats` and `accounts` by the statement
 * itself (one statement a batch, whatever the chats).
 */
export const insertWords = async (db: RepositoryContext['db'], words: readonly ChatWord[]): Promise<void> => {
  for (let i = 0; i < words.length; i += INSERT_BATCH) {
    const rows = words
      .slice(i, i + INSERT_BATCH)
      .map((w, n) =>
        n === 0 ? sql`select ${w.chatId} as chat_id, ${w.word} as word, ${w.seq} as seq` : sql`select ${w.chatId}, ${w.word}, ${w.seq}`,
      );
    await sql`insert into chat_search_words (account_no, word, chat_no, seq)
      select a.search_no, w.word, c.search_no, w.seq from (${sql.join(rows, sql` union all `)}) as w
      join chats c on c.id = w.chat_id join accounts a on a.id = c.account_id`.execute(db);
  }
};

/** Replaces the words of a chat's visitor as it was (`before`) by those of the visitor now, writing only the difference. */
export const replaceVisitorWords = async (
  db: RepositoryContext['db'],
  chatId: Id,
  before: Chat['visitor'],
  after: Chat['visitor'],
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
  );
};
