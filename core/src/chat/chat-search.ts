import type { Chat, PublicChat } from '../model/chat.js';
import type { ChatSearchHit } from '../ports/chat-storage.js';

/**
 * Text search over chats: what a query's words are, when a text matches them, and the snippet shown for a
 * hit. Stores find candidates with their own index (FTS5, a word index, a scan); these functions are the one
 * definition of the words they are given and of the snippet every store's hits are shown with.
 *
 * A query is cut into words (runs of letters and digits, compared without case and accents), and a text
 * matches when every word of the query begins a word of the text: `refu` finds "Refund", `jose example`
 * finds "José <jose@example.com>".
 */

/** At most this many words of a query are searched for; more add nothing but cost. */
export const SEARCH_MAX_TERMS = 16;

/** The text without accents, in lower case: what search compares. */
export const foldForSearch = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

const WORD = /[\p{L}\p{N}]+/gu;

/** The distinct words of a text, folded, in order: what a store's own word index keeps of a message. */
export const searchWords = (text: string): string[] => [...new Set(foldForSearch(text).match(WORD) ?? [])];

/** The distinct words of a query, folded, in order; empty when it has no letter or digit. */
export const searchTerms = (query: string): string[] => searchWords(query).slice(0, SEARCH_MAX_TERMS);

/** Whether every term begins some word of the text. */
export const matchesTerms = (text: string, terms: readonly string[]): boolean => {
  const words = foldForSearch(text).match(WORD) ?? [];
  return terms.length > 0 && terms.every((t) => words.some((w) => w.startsWith(t)));
};

/** How many characters a snippet shows on each side of the first hit. */
const SNIPPET_CONTEXT = 40;

/**
 * The part of a message around the first word a term begins: `…I would like a refund for my…`. When no
 * word matches by the rules above (a store may match more loosely, see the storage port), the message's
 * beginning. Whitespace runs are shown as one space.
 */
export const snippetOf = (text: string, terms: readonly string[]): string => {
  const flat = text.replace(/\s+/gu, ' ').trim();
  let at = 0;
  for (const m of flat.matchAll(WORD)) {
    const folded = foldForSearch(m[0]);
    if (terms.some((t) => folded.startsWith(t))) {
      at = m.index;
      break;
    }
  }
  const start = Math.max(0, at - SNIPPET_CONTEXT);
  const end = Math.min(flat.length, at + SNIPPET_CONTEXT * 2);
  return `${start > 0 ? '…' : ''}${flat.slice(start, end).trim()}${end < flat.length ? '…' : ''}`;
};

/** What made a chat a search hit, for the list: the message around the hit, or the visitor's field. */
export interface ChatSearchMatch {
  readonly field: 'message' | 'visitorName' | 'visitorEmail';
  /** Part of the message around the hit ({@link snippetOf}), or the name or email itself. */
  readonly snippet: string;
}

/** A chat as `GET /api/v1/chats` lists it: with `match` when the list is a search. */
export type ListedChat = PublicChat & { readonly match?: ChatSearchMatch };

/**
 * What to show for a hit: the newest matching message when there is one, else the visitor's name or email,
 * whichever matches by itself (the name when only both together do).
 */
export const matchOf = (hit: ChatSearchHit, terms: readonly string[]): ChatSearchMatch => {
  if (hit.message !== null) return { field: 'message', snippet: snippetOf(hit.message, terms) };
  const { name, email } = hit.chat.visitor;
  if (email !== null && !(name !== null && matchesTerms(name, terms)) && matchesTerms(email, terms))
    return { field: 'visitorEmail', snippet: email };
  return { field: 'visitorName', snippet: name ?? email ?? '' };
};

/** The text a visitor is found by: name and email together. */
export const visitorSearchText = (visitor: { readonly name: string | null; readonly email: string | null }): string =>
  `${visitor.name ?? ''} ${visitor.email ?? ''}`;

/**
 * The chat as a hit of `terms`, judged here: with its newest message that matches (`texts` newest first), or
 * with none when only its visitor's name and email together match; null when neither does. What the memory
 * store does for every chat, and the SQL stores for the newest ones (see `ChatRepository.search`).
 */
export const hitOf = (chat: Chat, texts: Iterable<string | null>, terms: readonly string[]): ChatSearchHit | null => {
  for (const text of texts) if (text !== null && matchesTerms(text, terms)) return { chat, message: text };
  return matchesTerms(visitorSearchText(chat.visitor), terms) ? { chat, message: null } : null;
};
