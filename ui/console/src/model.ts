import type { Schemas } from '@parley/api-client';

export type Chat = Schemas['Chat'];
export type ChatEvent = Schemas['ChatEvent'];
export type User = Schemas['User'];
export type Label = Schemas['Label'];
export type AgentStatus = 'online' | 'paused' | 'offline';

/** One chat in the agent's inbox: what the stream sent of it, and what the agent has not read yet. */
export interface InboxChat {
  readonly id: string;
  /** The chat record (visitor details); null until fetched. */
  chat: Chat | null;
  /** Stored events by seq, oldest first, without duplicates. */
  events: ChatEvent[];
  lastSeq: number;
  unread: number;
  /** The visitor's draft (sneak peek), '' when none. */
  draft: string;
  /**
   * Closed, abandoned, transferred away, or returned to the queue by Parley (the agent went offline or was deactivated
   * with it open): kept until the agent dismisses it.
   */
  ended: 'closed' | 'abandoned' | 'transferred' | 'returned' | null;
}

/** How the inbox names the way a chat stopped being the agent's (the list's tag). */
export const ENDED_LABEL: Readonly<Record<NonNullable<InboxChat['ended']>, string>> = {
  closed: 'closed',
  abandoned: 'abandoned',
  transferred: 'transferred',
  returned: 'returned to queue',
};

/** Whether a `chat.transferred` event's data is Parley handing the chat back to the queue, not a transfer by someone. */
export const returnedToQueue = (data: unknown): boolean => {
  const reason = (data as { reason?: unknown } | undefined)?.reason;
  return reason === 'agent_offline' || reason === 'agent_deactivated';
};

/** A chat's status as the console names it (History's column and filter; lower case inside a sentence). */
export const CHAT_STATUS_LABEL: Readonly<Record<string, string>> = {
  queued: 'Queued',
  active: 'Active',
  closed: 'Closed',
  abandoned: 'Abandoned',
  offline: 'Offline request',
};

/** How a screen names a user who no longer exists (their id is all that is left, on a chat or in a report). */
export const DELETED_USER = 'Deleted user';

/** Whether the user manages the account (owners and admins), as the API's `canManage` decides. */
export const isManager = (user: Pick<User, 'role'> | null | undefined): boolean => user?.role === 'owner' || user?.role === 'admin';

/** The name to show for a user: their name, else their e-mail address. */
export const userName = (u: Pick<User, 'name' | 'email'>): string => u.name || u.email;

/** The name to show for a visitor: the name they gave, else their e-mail address. */
export const visitorLabel = (v: { readonly name?: string | null; readonly email?: string | null } | undefined): string =>
  v?.name || v?.email || 'Visitor';

/** The name to show for a chat's visitor. */
export const visitorName = (c: InboxChat): string => visitorLabel(c.chat?.visitor);

/** The last message's text, for the list. */
export const lastMessage = (c: InboxChat): string => {
  for (let i = c.events.length - 1; i >= 0; i--) {
    const e = c.events[i]!;
    if (e.type === 'chat.message' && e.text) return e.text;
  }
  return c.chat?.question ?? '';
};
