import type { AgentStatus } from './chat.js';
import type { Id, Instant, Versioned } from './types.js';

/**
 * The chat monitor: what supervisors, admins and owners watch live (and what a share link shows,
 * anonymized). A {@link MonitorView} is a pure projection of widgets, chats, agents' presence and users
 * at one instant (see `monitor/monitor-view.ts`); {@link AnonymousMonitorView} is what `anonymize` keeps
 * of it (see `monitor/anonymize.ts`).
 */

/** What the monitor shows of a visitor (supervisors and up). Every field is null when unknown. */
export interface MonitorVisitor {
  readonly name: string | null;
  readonly email: string | null;
  readonly city: string | null;
  readonly region: string | null;
  readonly country: string | null;
  /** ISO 3166-1 alpha-2, upper case. The only visitor field a share link keeps. */
  readonly countryCode: string | null;
  readonly language: string | null;
  readonly browser: string | null;
  readonly os: string | null;
  readonly pageUrl: string | null;
  readonly customVariables: Readonly<Record<string, string>>;
}

/** A chat waiting in a widget's queue. */
export interface MonitorQueuedChat {
  readonly chatId: Id;
  readonly queuedAt: Instant;
  /** Seconds between `queuedAt` and the view's `generatedAt` (clients add the time since they got it). */
  readonly waitingSeconds: number;
  /** The visitor's first message. */
  readonly question: string;
  readonly visitor: MonitorVisitor;
}

/** A chat in progress. */
export interface MonitorActiveChat {
  readonly chatId: Id;
  readonly agentId: Id;
  /** Null when the agent's user no longer exists. */
  readonly agentName: string | null;
  readonly assignedAt: Instant;
  /** Seconds between `assignedAt` and the view's `generatedAt`. */
  readonly durationSeconds: number;
  readonly question: string;
  readonly visitor: MonitorVisitor;
  /** Where the transcript is (`GET /api/v1/chats/:id`). */
  readonly transcriptUrl: string;
}

/** An agent of a widget (the "agents mini view"). */
export interface MonitorAgent {
  readonly userId: Id;
  readonly name: string;
  /** `offline` for agents who never set a status. */
  readonly status: AgentStatus;
  /** Since when the status holds; null for agents who never set one. */
  readonly since: Instant | null;
  /** Open chats of the agent, in every widget (what routing counts against their maximum). */
  readonly activeChats: number;
  /** The reason given with the status (`lunch`, `training`), or null. Not shown through share links. */
  readonly reason: string | null;
}

/** Counts of one widget, so a big screen can show them without adding up. */
export interface MonitorWidgetStats {
  /** Every queued chat of the widget (the `queue` list may be cut at {@link MONITOR_LIST_LIMIT}). */
  readonly queued: number;
  readonly active: number;
  readonly online: number;
  readonly paused: number;
  readonly offline: number;
  /** The longest wait in the queue, in seconds (0 when nobody waits). */
  readonly longestWaitSeconds: number;
  /**
   * Chats the widget's online agents can still take: each one's maximum (their own, else the widget's)
   * minus their open chats in every widget. An agent shared by several widgets counts in each.
   */
  readonly availableSlots: number;
}

export interface MonitorWidget {
  readonly id: Id;
  readonly name: string;
  /** Oldest first. */
  readonly queue: readonly MonitorQueuedChat[];
  /** Longest-running first. */
  readonly active: readonly MonitorActiveChat[];
  /** Online first, then paused, then offline; by name within each. */
  readonly agents: readonly MonitorAgent[];
  readonly stats: MonitorWidgetStats;
}

/** The whole monitor of an account at `generatedAt`, widgets in the viewer's layout order. */
export interface MonitorView {
  readonly generatedAt: Instant;
  readonly widgets: readonly MonitorWidget[];
}

/** At most this many queued and this many active chats are listed per widget (counts stay exact). */
export const MONITOR_LIST_LIMIT = 500;

// ------------------------------------------------------------------------------------------------
// The anonymized view: what a share link shows. Derived by `anonymize` from the allow-list; these
// types say the same thing for the compiler and the OpenAPI document.
// ------------------------------------------------------------------------------------------------

export interface AnonymousVisitor {
  readonly countryCode: string | null;
}

export interface AnonymousQueuedChat {
  readonly chatId: Id;
  readonly queuedAt: Instant;
  readonly waitingSeconds: number;
  readonly visitor: AnonymousVisitor;
}

export interface AnonymousActiveChat {
  readonly chatId: Id;
  readonly agentId: Id;
  readonly agentName: string | null;
  readonly assignedAt: Instant;
  readonly durationSeconds: number;
  readonly visitor: AnonymousVisitor;
}

export interface AnonymousMonitorWidget {
  readonly id: Id;
  readonly name: string;
  readonly queue: readonly AnonymousQueuedChat[];
  readonly active: readonly AnonymousActiveChat[];
  readonly agents: readonly AnonymousMonitorAgent[];
  readonly stats: MonitorWidgetStats;
}

/** An agent as a share link shows them: without the free-text reason of their status. */
export type AnonymousMonitorAgent = Omit<MonitorAgent, 'reason'>;

export interface AnonymousMonitorView {
  readonly generatedAt: Instant;
  readonly widgets: readonly AnonymousMonitorWidget[];
}

// ------------------------------------------------------------------------------------------------
// Stored records
// ------------------------------------------------------------------------------------------------

/**
 * A link that shows the account's monitor, anonymized, to anyone who has it. Only the SHA-256 of its
 * token is stored; the token is shown once, when the link is created.
 */
export interface MonitorShareLink {
  readonly id: Id;
  readonly accountId: Id;
  /** Lower-case hex SHA-256 of the token. */
  readonly tokenHash: string;
  /** A name for the admins' list ("Office screen"). */
  readonly label: string;
  /** The widgets it shows; null: every widget of the account, including ones created later. */
  readonly widgetIds: readonly Id[] | null;
  readonly createdAt: Instant;
  readonly createdBy: Id;
  /** After this instant the link shows nothing; null: it does not expire. */
  readonly expiresAt: Instant | null;
  /** When it was revoked; a revoked link never works again. */
  readonly revokedAt: Instant | null;
  readonly revokedBy: Id | null;
}

/** What the admins' list shows of a link: everything but the hash. */
export type PublicMonitorShareLink = Omit<MonitorShareLink, 'tokenHash'> & {
  /** `active`, `expired` (past `expiresAt`) or `revoked`, at the time of the answer. */
  readonly state: 'active' | 'expired' | 'revoked';
};

export const shareLinkState = (l: Pick<MonitorShareLink, 'expiresAt' | 'revokedAt'>, now: Instant): PublicMonitorShareLink['state'] =>
  l.revokedAt !== null ? 'revoked' : l.expiresAt !== null && l.expiresAt <= now ? 'expired' : 'active';

export const toPublicShareLink = (l: MonitorShareLink, now: Instant): PublicMonitorShareLink => {
  const { tokenHash: _hidden, ...rest } = l;
  return { ...rest, state: shareLinkState(l, now) };
};

/** One user's order of the widgets on the multi monitor. */
export interface MonitorLayout extends Versioned {
  readonly accountId: Id;
  readonly userId: Id;
  /** Widget ids, top first. Widgets missing from it follow, by name. */
  readonly widgetIds: readonly Id[];
  readonly updatedAt: Instant;
}
