import { type ChatEvent, returnedToQueue } from './model.js';

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

/** `ids` as "the label “Billing”", "the labels “Billing” and “Urgent”"; labels deleted since as such. */
const labelList = (ids: readonly string[], labelName: SystemLineContext['labelName']): string => {
  const names = ids.flatMap((id) => labelName(id) ?? []).map((n) => `“${n}”`);
  const gone = ids.length - names.length;
  const known = names.length === 0 ? [] : [`the label${names.length > 1 ? 's' : ''} ${and(names)}`];
  return and([...known, ...(gone === 0 ? [] : [gone === 1 ? 'a deleted label' : `${gone} deleted labels`])]);
};

/** "a", "a and b", "a, b and c". */
const and = (items: readonly string[]): string =>
  items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

/**
 * What an event that is not a message says in a transcript: whom the chat was assigned or transferred to
 * ("you" for the signed-in agent) and who transferred it, who closed it, which labels who added or removed,
 * who marked an offline request handled (all by name), a rating's score and comment, a page the visitor opened. An event without the
 * names it may carry (written by an older version, or by an API token) says what happened without them.
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
      // Handed back by Parley: the agent went offline (or was deactivated) with the chat open.
      if (returnedToQueue(d)) {
        const you = myId !== undefined && d.fromAgentId === myId;
        const gone = you ? 'You' : (text(d.fromAgentName) ?? 'The agent');
        const what = d.reason === 'agent_offline' ? 'went offline' : you ? 'were deactivated' : 'was deactivated';
        return `${gone} ${what}, so the chat went back to ${widget ? `the ${widget} queue` : 'the queue'}.`;
      }
      const to = widget ? `the ${widget} queue` : who(d.toAgentId, d.agentName, 'you');
      const by = who(d.byUserId, d.byUserName, 'You');
      // Someone who hands the chat to themselves took it over (a supervisor, from a colleague).
      if (by && !widget && d.byUserId === d.toAgentId) return `${by} took over the chat.`;
      if (by) return `${by} transferred the chat${to ? ` to ${to}` : ''}.`;
      return to ? `The chat was transferred to ${to}.` : 'The chat was transferred.';
    }
    case 'chat.closed': {
      if (d.by === 'visitor') return 'The visitor closed the chat.';
      if (d.by === 'system' && typeof d.inactiveMinutes === 'number')
        return `The chat closed by itself after ${d.inactiveMinutes} minutes without activity.`;
      if (d.by !== 'agent') return 'The chat was closed.';
      const by = who(d.userId, d.userName, 'You');
      return by ? `${by} closed the chat.` : 'An agent closed the chat.';
    }
    case 'chat.page':
      return `The visitor opened ${text(d.url) ?? 'another page'}.`;
    case 'chat.visitor_left':
      return 'The visitor left the site (every page of it closed).';
    case 'chat.visitor_back':
      return 'The visitor came back to the site.';
    case 'chat.surveyed':
      return `The visitor rated the chat ${d.score} of 5${typeof d.comment === 'string' && d.comment ? `: “${d.comment}”` : '.'}`;
    case 'chat.handled': {
      const state = d.handled ? 'handled' : 'not handled';
      const by = who(d.byUserId, d.byUserName, 'You');
      return by ? `${by} marked the request ${state}.` : `The request was marked ${state}.`;
    }
    case 'chat.labeled': {
      const ids = (v: unknown) => (Array.isArray(v) ? (v as string[]) : []);
      const before = ids(d.before);
      const after = ids(d.after);
      const added = after.filter((id) => !before.includes(id));
      const removed = before.filter((id) => !after.includes(id));
      const by = who(d.byUserId, d.byUserName, 'You');
      const changes = [
        ...(added.length ? [`added ${labelList(added, labelName)}`] : []),
        ...(removed.length ? [`removed ${labelList(removed, labelName)}`] : []),
      ];
      if (changes.length === 0) return 'The labels were set again.';
      return by ? `${by} ${changes.join(' and ')}.` : `Labels changed: ${changes.join(' and ')}.`;
    }
    default:
      return FIXED[e.type] ?? e.type;
  }
};
