/** A colleague the chat may be transferred to, as `GET /api/v1/widgets/{id}/colleagues` lists them. */
export type Colleague = { userId: string; name: string; status: 'online' | 'paused' | 'offline'; activeChats: number; freeSlots: number };

/**
 * Why a colleague cannot take a transferred chat now, in words (null when they can): the server's own test,
 * online with a free place under the widget's maximum.
 */
export const colleagueUnavailable = (c: Colleague): string | null => {
  if (c.status === 'offline') return 'Offline';
  if (c.status === 'paused') return 'Paused: takes no chats';
  if (c.freeSlots < 1) return `At their limit (${c.activeChats} of ${c.activeChats + c.freeSlots} chats)`;
  return null;
};
