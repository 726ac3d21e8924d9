import type { ChatEvent } from './api.js';

/** One line of the conversation as the visitor sees it. */
export type Line =
  | {
      readonly kind: 'message';
      readonly key: string;
      readonly seq: number | null;
      readonly from: 'visitor' | 'agent';
      readonly alias: string;
      readonly text: string;
      readonly state: 'sent' | 'sending' | 'failed';
    }
  | {
      readonly kind: 'notice';
      readonly key: string;
      readonly seq: number;
      /**
       * `endedQuiet`: the chat closed by itself after `minutes` without activity. `movedToQueue`: the agent (`name`)
       * passed it to another widget's queue (`queue`), whose next free agent joins; `movedToTeam`: the same,
       * when the event does not name the queue. `agentLeft`: the agent (`name`) went offline with the chat open, so
       * it went back to the queue.
       */
      readonly notice: 'joined' | 'transferred' | 'movedToQueue' | 'movedToTeam' | 'agentLeft' | 'ended' | 'endedQuiet';
      readonly name: string;
      readonly queue?: string;
      readonly minutes?: number;
    };

export type ChatPhase = 'connecting' | 'queued' | 'active' | 'ended';

/** A chat's state in the frame, built from its events; a pure value so it is easy to test. */
export interface Conversation {
  readonly phase: ChatPhase;
  /** The newest stored event applied: later copies of it (a reconnect, a reply to our own POST) change nothing. */
  readonly lastSeq: number;
  readonly agentName: string | null;
  /** The name of the widget whose queue the chat was passed to (null while it stays in its own). */
  readonly widgetName: string | null;
  /** `staffed` false: nobody serving the widget is there (every agent offline), so nobody may come. */
  readonly queue: { readonly position: number; readonly estimatedWaitSeconds: number | null; readonly staffed?: boolean } | null;
  readonly agentTyping: string | null;
  readonly lines: readonly Line[];
  /** The visitor may rate the chat: it was closed after an agent took it (an abandoned chat has nobody to rate). */
  readonly canRate: boolean;
  /** The chat has been rated (by this visitor: each chat once). */
  readonly rated: boolean;
}

export const newConversation = (): Conversation => ({
  phase: 'connecting',
  lastSeq: 0,
  agentName: null,
  widgetName: null,
  queue: null,
  agentTyping: null,
  lines: [],
  canRate: false,
  rated: false,
});

const nameOf = (e: ChatEvent, fallback: string) => (typeof e.data.agentName === 'string' && e.data.agentName ? e.data.agentName : fallback);

/**
 * Applies one stored event. Events at or below `lastSeq` are ignored, so replays never duplicate. A
 * visitor message from the stream replaces the oldest pending line with the same text (the one we are
 * still waiting to hear back about), so our own message never shows twice.
 */
export const applyEvent = (c: Conversation, e: ChatEvent, agentFallback = 'Agent'): Conversation => {
  if (e.seq <= c.lastSeq) return c;
  const at = { ...c, lastSeq: e.seq };
  switch (e.type) {
    case 'chat.queued':
      return { ...at, phase: c.phase === 'connecting' ? 'queued' : c.phase };
    case 'chat.transferred':
      // To another widget's queue: the visitor waits again, until its agent joins (`chat.assigned`).
      if (typeof e.data.toWidgetId === 'string') {
        const widgetName = typeof e.data.widgetName === 'string' && e.data.widgetName ? e.data.widgetName : null;
        // Back to its own queue because the agent went offline or was deactivated: said so, not as a hand-over.
        const left = e.data.reason === 'agent_offline' || e.data.reason === 'agent_deactivated';
        const moved: Line = {
          kind: 'notice',
          key: `s${e.seq}`,
          seq: e.seq,
          // Without the queue's name (older servers), another team: never this widget's own name.
          ...(left ? { notice: 'agentLeft' } : widgetName ? { notice: 'movedToQueue', queue: widgetName } : { notice: 'movedToTeam' }),
          name: c.agentName ?? agentFallback,
        };
        return { ...at, phase: 'queued', agentName: null, agentTyping: null, widgetName, lines: [...c.lines, moved] };
      }
    // falls through: to a colleague
    case 'chat.assigned': {
      const name = nameOf(e, agentFallback);
      const notice: Line = {
        kind: 'notice',
        key: `s${e.seq}`,
        seq: e.seq,
        notice: e.type === 'chat.assigned' ? 'joined' : 'transferred',
        name,
      };
      return { ...at, phase: 'active', agentName: name, queue: null, lines: [...c.lines, notice] };
    }
    case 'chat.message': {
      if (!e.author || e.text === null) return at;
      // The widget's own words (the invitation the visitor answered) read as the team's side.
      const from = e.author.kind === 'visitor' ? 'visitor' : 'agent';
      const line: Line = { kind: 'message', key: `s${e.seq}`, seq: e.seq, from, alias: e.author.alias, text: e.text, state: 'sent' };
      // Our own message, already confirmed by the send's answer: it moves to its place in seq order.
      let lines = c.lines.filter((l) => l.seq !== e.seq);
      if (from === 'visitor') {
        const pending = lines.findIndex((l) => l.kind === 'message' && l.seq === null && l.state === 'sending' && l.text === e.text);
        if (pending >= 0) lines = lines.filter((_, i) => i !== pending);
      }
      return { ...at, agentTyping: from === 'agent' ? null : c.agentTyping, lines: [...lines, line] };
    }
    case 'chat.closed':
    case 'chat.abandoned': {
      const minutes = e.data.inactiveMinutes;
      const ended: Line =
        typeof minutes === 'number'
          ? { kind: 'notice', key: `s${e.seq}`, seq: e.seq, notice: 'endedQuiet', name: '', minutes }
          : { kind: 'notice', key: `s${e.seq}`, seq: e.seq, notice: 'ended', name: '' };
      return {
        ...at,
        phase: 'ended',
        queue: null,
        agentTyping: null,
        lines: [...c.lines, ended],
        canRate: e.type === 'chat.closed' && c.agentName !== null,
      };
    }
    case 'chat.surveyed':
      return { ...at, rated: true };
    default:
      return at;
  }
};

/** Adds the visitor's message while it is being sent. */
export const addPending = (c: Conversation, key: string, alias: string, text: string): Conversation => ({
  ...c,
  lines: [...c.lines, { kind: 'message', key, seq: null, from: 'visitor', alias, text, state: 'sending' }],
});

/**
 * The send's answer: the pending line is marked sent with its seq (or failed, for null). It does not
 * advance `lastSeq`: events before it may still be on their way in the stream, which must not skip them.
 */
export const settlePending = (c: Conversation, key: string, stored: ChatEvent | null): Conversation => {
  const idx = c.lines.findIndex((l) => l.key === key);
  if (idx < 0) return c; // the stream brought it first
  if (stored !== null && stored.seq <= c.lastSeq) return { ...c, lines: c.lines.filter((_, i) => i !== idx) }; // ... and it was already applied
  return {
    ...c,
    lines: c.lines.map((l, i) =>
      i === idx && l.kind === 'message' ? { ...l, seq: stored?.seq ?? null, state: stored ? 'sent' : 'failed' } : l,
    ),
  };
};

/** Marks a failed line as being sent again. */
export const retryPending = (c: Conversation, key: string): Conversation => ({
  ...c,
  lines: c.lines.map((l) => (l.key === key && l.kind === 'message' ? { ...l, state: 'sending' } : l)),
});
