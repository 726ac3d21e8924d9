import type { ChatEvent } from './model.js';

/** What the console knows around an event: the account's labels by id, and who is signed in. */
export interface SystemLineContext {
  readonly labelName: (id: string) => string | undefined;
  readonly myId: string | undefined;
}

const FIXED: Readonly<Record<string, string>> = {
  'chat.queued': 'The chat started.',
  'chat.abandoned': 'The visitor left before an agent answered.',
  'chat.offline': 'Offline request.',
};

/**
 * What an event that is not a message says in a transcript: whom the chat was assigned or transferred to
 * ("you" for the signed-in agent) and who transferred it, who closed it (by name), the labels a labeling
 * leaves on the chat, a rating's score and comment. An event without the names it may carry (written by an
 * older version) says what happened without them.
 */
export const systemLine = (e: ChatEvent, { labelName, myId }: SystemLineContext): string => {
  const d = (e.data ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v ? v : null);
  /** The user of `id` by the name the event carries; "you" for the signed-in agent. */
  const who = (id: unknown, name: unknown, you: string) => (myId !== undefined && id === myId ? you : text(name));
  switch (e.type) {
    case 'chat.assigned': {
      const to = who(d.agentId, d.agentName, 'you');
      return to ? `The chat was assigned to ${to}.` : 'The chat was assigned.';
    }
    case 'chat.transferred': {
      const widget = text(d.widgetName);
      const to = widget ? `the ${widget} queue` : who(d.toAgentId, d.agentName, 'you');
      const by = who(d.byUserId, d.byUserName, 'You');
      if (by) return `${by} transferred the chat${to ? ` to ${to}` : ''}.`;
      return to ? `The chat was transferred to ${to}.` : 'The chat was transferred.';
    }
    case 'chat.closed': {
      if (d.by === 'visitor') return 'The visitor closed the chat.';
      if (d.by !== 'agent') return 'The chat was closed.';
      const by = who(d.userId, d.userName, 'You');
      return by ? `${by} closed the chat.` : 'An agent closed the chat.';
    }
    case 'chat.surveyed':
      return `The visitor rated the chat ${d.score} of 5${typeof d.comment === 'string' && d.comment ? `: “${d.comment}”` : '.'}`;
    case 'chat.handled':
      return d.handled ? 'Marked handled.' : 'Marked not handled.';
    case 'chat.labeled': {
      const after = Array.isArray(d.after) ? (d.after as string[]) : [];
      const names = after.flatMap((id) => labelName(id) ?? []);
      return names.length ? `Labels: ${names.join(', ')}.` : 'The labels were removed.';
    }
    default:
      return FIXED[e.type] ?? e.type;
  }
};
