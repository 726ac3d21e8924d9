import { INPUT_LIMITS } from '@parley/core/limits';
import type { Chat, User } from './model.js';

/**
 * Deleting a chat for good (`DELETE /api/v1/chats/{id}`, the "erase a visitor's data" request) and the account's
 * retention of ended chats: who may, which chats, and what the retention field accepts, as the server decides.
 */

/** The statuses of a chat still going on: it must end before it can be deleted (the server answers 409 `chat_open`). */
const OPEN: ReadonlySet<string> = new Set(['queued', 'active']);

/** Whether this user may delete this chat: owners and admins, once the chat has ended. */
export const mayDeleteChat = (user: Pick<User, 'role'> | null | undefined, chat: Pick<Chat, 'status'>): boolean =>
  (user?.role === 'owner' || user?.role === 'admin') && !OPEN.has(chat.status);

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
