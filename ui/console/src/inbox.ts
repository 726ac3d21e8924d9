import { type AgentStatus, type ChatEvent, type InboxChat, isManager, returnedToQueue, type User } from './model.js';

/**
 * The inbox's pure rules, kept apart from the signals so they can be tested without a browser:
 * events are applied once each, in seq order per chat, whatever the stream resends after a reconnect.
 */

export const newInboxChat = (id: string): InboxChat => ({ id, chat: null, events: [], lastSeq: 0, unread: 0, draft: '', ended: null });

/** Whether the event takes the chat away from this agent, and how: passed on by someone, or returned to the queue. */
export const endsFor = (e: ChatEvent, agentId: string): InboxChat['ended'] => {
  if (e.type === 'chat.closed') return 'closed';
  if (e.type === 'chat.abandoned') return 'abandoned';
  if (e.type === 'chat.transferred' && (e.data as { fromAgentId?: string } | undefined)?.fromAgentId === agentId)
    return returnedToQueue(e.data) ? 'returned' : 'transferred';
  return null;
};

/** Whether the event gives the chat to this agent (again): assigned to them, or transferred to them. */
export const comesBackTo = (e: ChatEvent, agentId: string): boolean => {
  const data = e.data as { agentId?: string; toAgentId?: string } | undefined;
  if (e.type === 'chat.assigned') return data?.agentId === agentId;
  return e.type === 'chat.transferred' && data?.toAgentId === agentId;
};

/** Whether an event is for the agent to read: a visitor's message, or a note a colleague left (unread, and a tone). */
export const asksForAttention = (e: ChatEvent, agentId: string): boolean =>
  (e.type === 'chat.message' && e.author?.kind === 'visitor') || (e.type === 'chat.note' && e.author?.userId !== agentId);

/**
 * Applies one stored event to the chat (a copy is returned; the input is not changed). An event at or
 * below the chat's last seq is a duplicate and changes nothing (`applied: false`). `reading` says the
 * agent has the chat open and the page visible (or read it so far in another tab), so a visitor message (or a
 * colleague's note) does not count as unread. The agent's own message or note means they read what came before it
 * (in this tab or another, or before a reload): the count starts again from there.
 * `chat.labeled` carries the chat's labels (`data.after`), which replace those of the chat record, and a transfer to
 * another widget's queue its widget (`data.toWidgetId`): the header names it, the canned responses follow it.
 */
export const applyEvent = (c: InboxChat, e: ChatEvent, agentId: string, reading: boolean): { chat: InboxChat; applied: boolean } => {
  if (e.seq <= c.lastSeq) return { chat: c, applied: false };
  const visitorMessage = e.type === 'chat.message' && e.author?.kind === 'visitor';
  const back = comesBackTo(e, agentId);
  const labels = e.type === 'chat.labeled' ? (e.data as { after?: string[] } | undefined)?.after : undefined;
  const widgetId = e.type === 'chat.transferred' ? (e.data as { toWidgetId?: string } | undefined)?.toWidgetId : undefined;
  const ended = endsFor(e, agentId) ?? (back ? null : c.ended);
  return {
    applied: true,
    chat: {
      ...c,
      chat: c.chat && (labels || widgetId) ? { ...c.chat, ...(labels ? { labels } : {}), ...(widgetId ? { widgetId } : {}) } : c.chat,
      events: [...c.events, e],
      lastSeq: e.seq,
      // A chat no longer the agent's asks for nothing: no unread on its row, nor in the Inbox tab's count.
      unread:
        ended !== null || ((e.type === 'chat.message' || e.type === 'chat.note') && e.author?.userId === agentId)
          ? 0
          : asksForAttention(e, agentId) && !reading
            ? c.unread + 1
            : c.unread,
      draft: visitorMessage ? '' : c.draft,
      ended,
    },
  };
};

/**
 * The words of the list's button that dismisses every chat no longer the agent's: "ended" when all of them ended
 * (closed, abandoned), else what they all are, passed on or returned to the queue among them, not ended.
 */
export const dismissAllText = (gone: readonly NonNullable<InboxChat['ended']>[]): string =>
  gone.every((g) => g === 'closed' || g === 'abandoned')
    ? `Dismiss ended (${gone.length})`
    : `Dismiss ${gone.length === 1 ? '1 chat' : `${gone.length} chats`} no longer yours`;

/** Whether someone of the team (an agent, a supervisor) has written to the visitor in the chat: a note is no answer. */
export const answered = (c: InboxChat): boolean => c.events.some((e) => e.type === 'chat.message' && e.author?.kind === 'agent');

/** Chats to list: open ones first (oldest activity first, as a queue), then ended ones. */
export const listOrder = (chats: Iterable<InboxChat>): InboxChat[] =>
  [...chats].sort((a, b) => Number(a.ended !== null) - Number(b.ended !== null) || firstAt(a).localeCompare(firstAt(b)));

const firstAt = (c: InboxChat): string => c.events[0]?.at ?? c.chat?.createdAt ?? '';

/**
 * Since when the visitor has been waiting for an answer (ISO instant): their first message after the team's last
 * one. Null when the team wrote last, when the visitor has written nothing, or when the chat is no longer the
 * agent's.
 */
export const waitingSince = (c: InboxChat): string | null => {
  if (c.ended) return null;
  let since: string | null = null;
  for (let i = c.events.length - 1; i >= 0; i--) {
    const e = c.events[i]!;
    if (e.type !== 'chat.message') continue;
    if (e.author?.kind !== 'visitor') break;
    since = e.at;
  }
  return since;
};

/** How long a wait has lasted, as the list shows it: `< 1 min`, `4 min`, `1 h 5 min`. */
export const waitText = (since: string, now: Date): string => {
  const minutes = Math.floor(Math.max(0, now.getTime() - Date.parse(since)) / 60_000);
  if (minutes < 1) return '< 1 min';
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
};

/** A wait past which the list marks the chat as urgent. */
export const LONG_WAIT_MS = 2 * 60_000;

/**
 * What the inbox says while it has no chat: why none comes, and what would change that. `served`: how many widgets
 * the agent serves (null until known); an agent who serves none gets no chat whatever their status. `user`: owners and
 * admins are told to add themselves.
 */
export const emptyInboxText = (status: AgentStatus, served: number | null, user?: Pick<User, 'role'> | null): string => {
  if (served === 0)
    return isManager(user)
      ? 'You serve no widget yet, so no chat can come to you. Add yourself to a widget under Admin → Widgets → Agents.'
      : 'You serve no widget yet, so no chat can come to you. An admin adds you to a widget under Admin → Widgets → Agents.';
  if (status === 'online') return 'No chats right now. New chats appear here as visitors start them.';
  if (status === 'paused') return 'No chats. While you are paused, new chats go to your colleagues or wait in the queue.';
  return 'No chats yet. Go online to take chats.';
};
