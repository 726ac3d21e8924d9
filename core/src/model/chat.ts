import { INPUT_LIMITS } from './limits.js';
import type { Id, Instant, Versioned } from './types.js';

/**
 * Live chats and offline requests.
 *
 * A chat goes `queued → active → closed`, or `queued → abandoned` when the visitor leaves before an
 * agent takes it (a queued chat closed by an agent or admin is `closed`). An offline request is a Chat of
 * kind `offline` whose status is `offline` from the start and never changes.
 *
 * Everything that a stream replays is a {@link ChatEvent} with a per-chat `seq` (1, 2, 3... with no gaps):
 * messages, status changes, assignment, transfer, close. The transcript is the `chat.message` events.
 */

export const CHAT_KINDS = ['chat', 'offline'] as const;
export type ChatKind = (typeof CHAT_KINDS)[number];

export const CHAT_STATUSES = ['queued', 'active', 'closed', 'abandoned', 'offline'] as const;
export type ChatStatus = (typeof CHAT_STATUSES)[number];

/** Statuses a chat never leaves. */
export const FINAL_CHAT_STATUSES: readonly ChatStatus[] = ['closed', 'abandoned', 'offline'];

/** Whether a chat has ended (closed, abandoned) or is an offline request: nothing more can be written to it. */
export const isFinalChat = (c: Pick<Chat, 'status'>): boolean => FINAL_CHAT_STATUSES.includes(c.status);

/** Where the visitor is, from their address (all null when the address is unknown or private). */
export interface GeoLocation {
  /** ISO 3166-1 alpha-2, upper case (`DE`). */
  readonly countryCode: string | null;
  /** English name of the country (`Germany`). */
  readonly country: string | null;
  /** Region or state code as the database gives it (`BE`, `CA`). */
  readonly region: string | null;
  readonly city: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
  /** IANA time zone (`Europe/Berlin`). */
  readonly timezone: string | null;
}

export const EMPTY_GEO: GeoLocation = {
  countryCode: null,
  country: null,
  region: null,
  city: null,
  latitude: null,
  longitude: null,
  timezone: null,
};

/** Who is chatting, as far as we know: pre-chat form, request headers, page, address. */
export interface Visitor {
  readonly name: string | null;
  /** Lower-cased. */
  readonly email: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
  /** Parsed from the user agent: `Chrome 126`, `Firefox 128`, `Safari 17`... or null. */
  readonly browser: string | null;
  /** Parsed from the user agent: `Windows 10`, `macOS 14.5`, `Android 14`, `iOS 17.5`... or null. */
  readonly os: string | null;
  readonly pageUrl: string | null;
  readonly referrerUrl: string | null;
  /** BCP 47 tag from the widget script or `Accept-Language` (`de-DE`), or null. */
  readonly language: string | null;
  /** Variables the page set (`javascript_variables` in the Open API payload). */
  readonly customVariables: Readonly<Record<string, string>>;
  readonly geo: GeoLocation;
  /**
   * The widget's random key for the visitor's browser on the customer's site (kept in that site's own
   * storage), the same for every chat started there from that browser: it links a visitor's chats when they
   * give no e-mail. Null when the chat was started without one (the API, an older widget).
   */
  readonly key: string | null;
}

export type ChatCloser = 'visitor' | 'agent' | 'system';

/**
 * The visitor's answer to the survey after the chat: a score of 1 (poor) to 5 (excellent) and an optional
 * comment. Given once per chat, and only for a chat that ended after being taken (`closed`).
 */
export interface ChatSurvey {
  /** 1 to 5. */
  readonly score: number;
  /** At most {@link SURVEY_COMMENT_MAX_LENGTH} characters, normalised like a message; null when none. */
  readonly comment: string | null;
  readonly at: Instant;
}

/** Longest survey comment, in UTF-16 code units. */
export const SURVEY_COMMENT_MAX_LENGTH = INPUT_LIMITS.surveyComment;

/** One hand-over of a chat from one agent to another. */
export interface ChatTransfer {
  readonly fromAgentId: Id;
  readonly toAgentId: Id;
  /** Who asked for it (the agent, or a supervisor/admin). */
  readonly byUserId: Id;
  readonly at: Instant;
}

export interface Chat extends Versioned {
  readonly id: Id;
  readonly accountId: Id;
  readonly widgetId: Id;
  readonly kind: ChatKind;
  readonly status: ChatStatus;
  /** The agent handling it (null while queued, and for offline requests); kept after close. */
  readonly agentId: Id | null;
  readonly visitor: Visitor;
  /** The visitor's first message (the `description` of the Open API payload). */
  readonly question: string;
  /** The visitor answered one of the widget's proactive invitations (the `proactive_chat` of the Open API payload). */
  readonly proactive: boolean;
  /** SHA-256 (hex) of the visitor's bearer token; the token itself is never stored. */
  readonly visitorTokenHash: string;
  readonly createdAt: Instant;
  /** When it entered the queue (equal to `createdAt` for chats; null for offline requests). */
  readonly queuedAt: Instant | null;
  /** When an agent was first assigned (wait time = assignedAt − queuedAt). */
  readonly assignedAt: Instant | null;
  readonly firstAgentReplyAt: Instant | null;
  /** When it was closed or abandoned (duration = closedAt − assignedAt). */
  readonly closedAt: Instant | null;
  readonly closedBy: ChatCloser | null;
  /** The user who closed it, when an agent or admin did. */
  readonly closedByUserId: Id | null;
  readonly transfers: readonly ChatTransfer[];
  /** Ids of the labels agents put on it (see `model/label.ts`), sorted; a deleted label's id may remain. */
  readonly labels: readonly Id[];
  /** The visitor's rating of the chat once it ended; null until they give one. */
  readonly survey: ChatSurvey | null;
  /** When an agent marked this offline request handled (answered outside the chat); null while it is not. */
  readonly handledAt: Instant | null;
  /** The user who marked it handled; null while it is not. */
  readonly handledBy: Id | null;
  /** The `seq` of the chat's last event (0 before the first). */
  readonly lastSeq: number;
  readonly updatedAt: Instant;
}

/** A new live chat, queued now, with no agent, events, labels, survey or handled mark yet. */
export const newChat = (
  fields: Pick<Chat, 'id' | 'accountId' | 'widgetId' | 'visitor' | 'question' | 'proactive' | 'visitorTokenHash'>,
  now: Instant,
): Chat => ({
  ...fields,
  kind: 'chat',
  status: 'queued',
  agentId: null,
  createdAt: now,
  queuedAt: now,
  assignedAt: null,
  firstAgentReplyAt: null,
  closedAt: null,
  closedBy: null,
  closedByUserId: null,
  transfers: [],
  labels: [],
  survey: null,
  handledAt: null,
  handledBy: null,
  lastSeq: 0,
  updatedAt: now,
  version: 1,
});

/** A new offline request: a chat that never queues, left for an answer by mail. */
export const newOfflineRequest = (fields: Parameters<typeof newChat>[0], now: Instant): Chat => ({
  ...newChat(fields, now),
  kind: 'offline',
  status: 'offline',
  queuedAt: null,
});

/** What a caller may see of a chat: everything but the token hash. */
export type PublicChat = Omit<Chat, 'visitorTokenHash'>;

export const toPublicChat = (c: Chat): PublicChat => {
  const { visitorTokenHash: _hidden, ...rest } = c;
  return rest;
};

/** Stored chat event types: what a reconnecting stream replays. */
export const CHAT_EVENT_TYPES = [
  'chat.queued',
  'chat.assigned',
  'chat.message',
  'chat.transferred',
  'chat.closed',
  'chat.abandoned',
  'chat.offline',
  'chat.labeled',
  'chat.surveyed',
  'chat.handled',
  'chat.note',
  'chat.page',
  'chat.visitor_left',
  'chat.visitor_back',
] as const;
export type ChatEventType = (typeof CHAT_EVENT_TYPES)[number];

export type ChatAuthorKind = 'visitor' | 'agent' | 'system';

/** Who wrote a message: the `alias` of the Open API transcript. */
export interface ChatAuthor {
  readonly kind: ChatAuthorKind;
  /** The agent's user id; null for the visitor and the system. */
  readonly userId: Id | null;
  /** The name shown next to the message (`Visitor` when the visitor gave none). */
  readonly alias: string;
}

/**
 * One thing that happened in a chat, stored with a per-chat `seq`. `text` and `author` are set on
 * `chat.message`, `chat.note` (a user's note for the team, which the visitor never sees) and `chat.offline`
 * (which carries the offline request's message); `data` holds the
 * rest (`agentId` of an assignment, `fromAgentId`/`toAgentId` of a transfer, `by` of a close, `before`/`after`
 * label ids, `byUserId` and `byUserName` of `chat.labeled`, `score` and `comment` of `chat.surveyed`,
 * `handled`, `byUserId` and `byUserName` of `chat.handled`, `url` of `chat.page`: a page of the site the
 * visitor opened while the chat went on). `chat.visitor_left` (the visitor's pages of the site all closed, and
 * stayed closed past the grace period, during an open chat) and `chat.visitor_back` (one opened again after
 * that) carry nothing more.
 */
export interface ChatEvent {
  readonly id: Id;
  readonly accountId: Id;
  readonly chatId: Id;
  /** 1, 2, 3... per chat, with no gaps. */
  readonly seq: number;
  readonly type: ChatEventType;
  readonly at: Instant;
  readonly author: ChatAuthor | null;
  readonly text: string | null;
  readonly data: Readonly<Record<string, unknown>>;
  /**
   * The key the client sent with a message (`clientMessageId` or `Idempotency-Key`), unique per chat: a
   * retry with the same key is answered with this event instead of writing the message again. Absent when
   * the client sent none.
   */
  readonly clientMessageId?: string;
}

/** Most events a transcript (pushed, mailed or listed) is read with at once. */
export const TRANSCRIPT_LIMIT = 100_000;

/** A chat with its events, oldest first: the transcript. */
export interface ChatTranscript {
  readonly chat: PublicChat;
  readonly events: readonly ChatEvent[];
}

export const AGENT_STATUSES = ['online', 'paused', 'offline'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

/** Whether an agent takes chats right now. Agents who never set a status are offline. */
export interface AgentPresence extends Versioned {
  readonly accountId: Id;
  readonly userId: Id;
  readonly status: AgentStatus;
  /** When the status last changed. */
  readonly since: Instant;
  /** When a chat was last assigned or transferred to the agent (null if never). */
  readonly lastAssignedAt: Instant | null;
  /** Why, in the agent's or supervisor's words (`lunch`, `training`; at most 40 characters); absent (or null): none given, and stores answer it absent. */
  readonly reason?: string | null;
}

/** A presence with the number of chats the agent has open: what routing decides on. */
export interface AgentLoad extends AgentPresence {
  readonly activeChats: number;
  /** The agent's own maximum of open chats, overriding each widget's; null or absent: the widget's. */
  readonly maxConcurrentChats?: number | null;
}

/**
 * When the agent became idle, for "longest idle first": the later of their last assignment and their
 * last status change (coming online after a break starts a new idle period).
 */
export const idleSince = (p: Pick<AgentPresence, 'since' | 'lastAssignedAt'>): Instant =>
  p.lastAssignedAt !== null && p.lastAssignedAt > p.since ? p.lastAssignedAt : p.since;

/** What a page asks before it shows the chat button or the offline form. */
export interface WidgetAvailability {
  readonly widgetId: Id;
  /** An agent can take a chat right now. */
  readonly available: boolean;
  /**
   * `available`: a chat starts at once; `busy`: agents are online but full or paused, so a chat queues;
   * `offline`: nobody is online (or the widget always shows the offline form): a request becomes an
   * offline request.
   */
  readonly mode: 'available' | 'busy' | 'offline';
  /** Chats waiting in the widget's queue. */
  readonly queued: number;
  /** The queue holds `maxQueueSize` chats and nobody can take another: the mode is `offline` until it moves. */
  readonly queueFull: boolean;
  /** The widget is outside its business hours: the mode is `offline`. */
  readonly outsideBusinessHours: boolean;
}

/** A queued visitor's place: 1 is next. */
export interface QueueStatus {
  readonly chatId: Id;
  readonly position: number;
  /** A rough estimate, or null when there is nothing to base it on (nobody online to take chats). */
  readonly estimatedWaitSeconds: number | null;
  /**
   * Whether anyone who serves the widget is there (online or paused): false when every one of them is offline,
   * so the visitor can be told nobody may come and offered to leave a message instead.
   */
  readonly staffed: boolean;
}
