import type { WidgetAvailability } from './chat.js';
import { DEFAULT_LAUNCHER_TEXT, INPUT_LIMITS } from './limits.js';
import type { Id, Instant, Versioned } from './types.js';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** An opening interval in wall-clock time: `from` inclusive, `to` exclusive (`HH:MM`, `to` may be `24:00`). */
export interface OpeningInterval {
  readonly from: string;
  readonly to: string;
}

/**
 * When a widget takes chats: a weekly schedule in the wall-clock time of an IANA zone, minus holidays
 * (local dates, `YYYY-MM-DD`). A day that is absent or empty is closed.
 */
export interface BusinessHours {
  readonly timezone: string;
  readonly days: Readonly<Partial<Record<Weekday, readonly OpeningInterval[]>>>;
  readonly holidays: readonly string[];
}

export interface WidgetSettings {
  /** How many chats one agent of this widget handles at once before new chats queue (an agent's own maximum overrides it). */
  readonly maxConcurrentChats: number;
  /**
   * How many chats may wait in the queue; when that many wait and nobody can take one, a new request
   * becomes an offline request (or is refused when the offline form is off). Null: unbounded.
   */
  readonly maxQueueSize: number | null;
  /** Outside these hours the widget is offline (offline form, offline requests). Null: always open. */
  readonly businessHours: BusinessHours | null;
  /** The offline form: shown when nobody can take a chat, or always when `alwaysOffline`. */
  readonly offlineForm: { readonly enabled: boolean; readonly alwaysOffline: boolean };
  /** What the pre-chat form asks of the visitor. */
  readonly preChat: { readonly askName: 'off' | 'optional' | 'required'; readonly askEmail: 'off' | 'optional' | 'required' };
  readonly greeting: string;
  /** BCP 47 language tag of the widget's texts (and of the mails about it). */
  readonly language: string;
  /** How the chat button and window look on the customer's page. */
  readonly appearance: WidgetAppearance;
  /**
   * The sites that may embed the widget and call its visitor routes from their pages: exact origins
   * (`https://shop.example.com`), normalised. Empty: any site.
   */
  readonly allowedOrigins: readonly string[];
  /** Agents cannot close a chat of this widget that carries no label (visitors and the system still can). */
  readonly requireLabelToClose: boolean;
  /**
   * An open chat in which nothing happened for this many minutes (no message, note, label, page view, or the visitor leaving or returning: its
   * `updatedAt`) closes by itself, as the system's close, so that chats whose visitor left do not hold their
   * agent's places. Null: open chats stay open until someone closes them.
   */
  readonly closeInactiveAfterMinutes: number | null;
  /** Who gets each offline request by e-mail (Reply-To the visitor), at most 20 addresses, lower-cased. */
  readonly notifyEmails: readonly string[];
  /** Whether `notifyEmails` also get the transcript of every chat that ends. */
  readonly transcriptToTeam: boolean;
  /** Invitations the widget shows by itself (at most {@link MAX_PROACTIVE_RULES}): of those that apply, the one whose delay ends first shows (the earlier on a tie). */
  readonly proactiveRules: readonly ProactiveRule[];
  /**
   * Visitors this widget takes nothing from: IP addresses, wildcards (`203.0.113.*`) or CIDR ranges, as the
   * security settings' access rules are written. A matching visitor can start no chat and leave no offline
   * request here (403 `visitor_blocked`). Set by owners and admins, or by an agent blocking their chat's visitor.
   */
  readonly blockedVisitors: readonly string[];
}

/** How many proactive rules a widget holds at most. */
export const MAX_PROACTIVE_RULES = INPUT_LIMITS.proactiveRules;

/**
 * When the widget opens by itself with an invitation: after `delaySeconds` on a page, once the visitor has
 * viewed `minPagesViewed` pages of the site this visit, on pages whose URL (and referrer) match the globs
 * (`*` stands for any characters; null: any). Evaluated by the widget in the visitor's browser, at most
 * once per visit; public (the widget's config carries the rules).
 */
export interface ProactiveRule {
  /** The rule's own id, unique within the widget (`pricing-help`). */
  readonly id: string;
  /** The invitation, shown as the agent's message (at most {@link INPUT_LIMITS}`.invitation` characters). */
  readonly message: string;
  /** Seconds on the page before the invitation shows (0–3600). */
  readonly delaySeconds: number;
  /** Pages of the site viewed this visit, the current one included (0–100). */
  readonly minPagesViewed: number;
  /** Glob matched against the whole page URL; null: every page. */
  readonly urlPattern: string | null;
  /** Glob matched against the whole referrer URL; null: any referrer, or none. */
  readonly referrerPattern: string | null;
  /** Only while an agent could take the chat (the availability is not offline). */
  readonly onlyWhenAgentsOnline: boolean;
}

export interface WidgetAppearance {
  /** The accent colour, `#rrggbb`. */
  readonly color: string;
  /** The side of the page the chat button sits on. */
  readonly position: 'right' | 'left';
  /** The chat button's text (at most 40 characters). */
  readonly launcherText: string;
}

export interface Widget extends Versioned {
  readonly id: Id;
  readonly accountId: Id;
  readonly name: string;
  readonly settings: WidgetSettings;
  /** The agents who serve this widget (widget-level permissions), sorted. */
  readonly agentIds: readonly Id[];
  readonly createdAt: Instant;
  readonly updatedAt: Instant;
}

export const defaultWidgetSettings = (): WidgetSettings => ({
  maxConcurrentChats: 3,
  maxQueueSize: null,
  businessHours: null,
  offlineForm: { enabled: true, alwaysOffline: false },
  preChat: { askName: 'optional', askEmail: 'optional' },
  greeting: 'Hi! How can we help?',
  language: 'en',
  appearance: { color: '#2563eb', position: 'right', launcherText: DEFAULT_LAUNCHER_TEXT },
  allowedOrigins: [],
  requireLabelToClose: false,
  closeInactiveAfterMinutes: null,
  notifyEmails: [],
  transcriptToTeam: false,
  proactiveRules: [],
  blockedVisitors: [],
});

/**
 * What the visitor widget needs to show itself, public (nothing secret): texts, looks, the pre-chat and
 * offline forms, the proactive invitations, and whether anyone can take a chat now.
 */
export interface PublicWidgetConfig {
  readonly id: Id;
  readonly name: string;
  readonly greeting: string;
  readonly language: string;
  readonly appearance: WidgetAppearance;
  readonly preChat: WidgetSettings['preChat'];
  readonly offlineForm: WidgetSettings['offlineForm'];
  readonly proactiveRules: readonly ProactiveRule[];
  readonly availability: WidgetAvailability;
  /**
   * The widget blocks the visitor asking (their address matches `blockedVisitors`): the widget shows them
   * nothing, as a chat they started would be refused.
   */
  readonly visitorBlocked: boolean;
}

export const toPublicWidgetConfig = (w: Widget, availability: WidgetAvailability, visitorBlocked = false): PublicWidgetConfig => ({
  id: w.id,
  name: w.name,
  greeting: w.settings.greeting,
  language: w.settings.language,
  appearance: { ...w.settings.appearance },
  preChat: { ...w.settings.preChat },
  offlineForm: { ...w.settings.offlineForm },
  proactiveRules: w.settings.proactiveRules.map((r) => ({ ...r })),
  availability,
  visitorBlocked,
});
