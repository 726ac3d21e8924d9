import { INPUT_LIMITS } from '@parley/core/limits';
import { type Chat, isManager, type User } from './model.js';

/**
 * Deleting a chat for good (`DELETE /api/v1/chats/{id}`, the "erase a visitor's data" request), forgetting a visitor
 * (every ended chat of theirs, `POST /api/v1/chats/forget-visitor`), exporting their data (`…/export-visitor`, the
 * "what do you keep of me" request) and the account's retention of ended chats: who
 * may, which chats, what the console says of it, and what the retention field accepts, as the server decides.
 */

/** The statuses of a chat still going on: it must end before it can be deleted (the server answers 409 `chat_open`). */
const OPEN: ReadonlySet<string> = new Set(['queued', 'active']);

/** Whether this user may delete this chat: owners and admins, once the chat has ended. */
export const mayDeleteChat = (user: Pick<User, 'role'> | null | undefined, chat: Pick<Chat, 'status'>): boolean =>
  isManager(user) && !OPEN.has(chat.status);

/** A chat's visitor, as far as forgetting them goes: the e-mail address they gave and their browser's key. */
type VisitorIds = Pick<Chat['visitor'], 'email' | 'key'>;

/**
 * What `POST /api/v1/chats/forget-visitor` and `…/export-visitor` are sent to forget a chat's visitor or export their
 * data: the e-mail address and the browser's key the chat has, each only when there is one. Empty when it has neither.
 */
export const visitorDataBody = (visitor: VisitorIds): { email?: string; visitorKey?: string } => {
  const email = visitor.email?.trim();
  return { ...(email ? { email } : {}), ...(visitor.key ? { visitorKey: visitor.key } : {}) };
};

/**
 * Whether this user may forget this chat's visitor or export their data: owners and admins, when the chat has their
 * e-mail or browser key.
 */
export const mayHandleVisitorData = (user: Pick<User, 'role'> | null | undefined, visitor: VisitorIds): boolean =>
  isManager(user) && Object.keys(visitorDataBody(visitor)).length > 0;

const chats = (n: number) => (n === 1 ? '1 chat' : `${n} chats`);

/** The file a visitor's exported data is saved as: the server's name for it, by the day it was exported. */
export const exportFileName = (exportedAt: string): string => `parley-visitor-${exportedAt.slice(0, 10)}.json`;

/** What the console says once a visitor's data is saved: how many chats the file holds, and its name. */
export const exportedText = (count: number, file: string): string =>
  count === 0 ? 'No chat of this visitor is stored any more.' : `Saved ${chats(count)} of this visitor to ${file}.`;

/**
 * What forgetting a visitor came to, as the console says it: how many of their chats were deleted, and how many are
 * still open (left as they are: the visitor must be forgotten again once they end).
 */
export const forgottenText = ({ deleted, open }: { deleted: number; open: number }): string =>
  [
    deleted === 0 ? 'No ended chat of this visitor was left to delete.' : `Deleted ${chats(deleted)} of this visitor.`,
    open === 0
      ? ''
      : open === 1
        ? '1 chat is still open: end it, then forget the visitor again.'
        : `${chats(open)} are still open: end them, then forget the visitor again.`,
  ]
    .filter(Boolean)
    .join(' ');

/**
 * What the field of `settings.chatRetentionDays` says of what was typed: nothing when it is empty (keep chats
 * forever) or a whole number of days within `limits`, else the message shown beside it, so that the form never
 * sends what the server refuses. `unreadable`: the browser could not read the number field's text as a number (its
 * value is then '', which must not pass for "keep forever").
 */
export const retentionDaysError = (
  typed: string,
  { unreadable = false, limits = INPUT_LIMITS.chatRetentionDays }: { unreadable?: boolean; limits?: { min: number; max: number } } = {},
): string | undefined => {
  const text = typed.trim();
  if (text === '' && !unreadable) return undefined;
  const days = Number(text);
  return !unreadable && /^\d+$/.test(text) && days >= limits.min && days <= limits.max
    ? undefined
    : `Enter a whole number of days from ${limits.min} to ${limits.max}, or leave it empty to keep chats forever.`;
};

/** The value the API takes for the field: null (keep forever) when empty. Call once {@link retentionDaysError} is none. */
export const retentionDaysValue = (typed: string): number | null => (typed.trim() === '' ? null : Number(typed.trim()));
