/**
 * The lengths and counts input is held to, in one place: the server's validation checks them, the API
 * description states them, and the screens' fields stop at them, so that no form lets through what the
 * server then refuses. Lengths count UTF-16 code units, as zod and a field's `maxLength` both do.
 * Dependency-free: the console and the widget import it as `@parley/core/limits`, with the one default the widget
 * must recognise.
 */
/**
 * The launcher text of a new widget (`defaultWidgetSettings`). The widget says it in the visitor's language while
 * the owner keeps it, so it must know it: here, where the widget's bundle already reads from.
 */
export const DEFAULT_LAUNCHER_TEXT = 'Chat with us';

/** The languages the widget's texts and Parley's mails are written in, by tag, each with its own name for itself. */
export const SPOKEN_LANGUAGES = [
  { tag: 'en', name: 'English' },
  { tag: 'de', name: 'Deutsch' },
  { tag: 'fr', name: 'Français' },
  { tag: 'es', name: 'Español' },
] as const;
export type SpokenLanguage = (typeof SPOKEN_LANGUAGES)[number]['tag'];

/** The spoken language a tag reads as (`de-AT` → `de`, `fr_CA` → `fr`), or null for one Parley does not speak. */
export const spokenLanguage = (tag: string | null | undefined): SpokenLanguage | null => {
  const base = (tag ?? '').toLowerCase().split(/[-_]/)[0];
  return SPOKEN_LANGUAGES.find((l) => l.tag === base)?.tag ?? null;
};

/** The longest page address (see `INPUT_LIMITS.pageUrl`), on its own so that the widget's loader takes it alone. */
export const PAGE_URL_MAX = 2048;
const VISITOR_KEY_LENGTH = { min: 16, max: 64 } as const;

export const INPUT_LIMITS = {
  /** A name people see: account, user, widget, share link, API token; and the visitor's. */
  name: 120,
  email: 254,
  /** An agent's reason for being away. */
  statusReason: 40,
  /** A message a visitor or agent sends, and an offline request's text. */
  message: 5000,
  /** A visitor's comment in the satisfaction survey. */
  surveyComment: 2000,
  /** A widget's greeting. */
  greeting: 500,
  /** A proactive rule's invitation. */
  invitation: 500,
  /** The text of a widget's chat button. */
  launcherText: 40,
  /** A label's name. */
  labelName: 60,
  /** A canned response's text. */
  cannedText: 5000,
  /** A BCP 47 language tag. */
  language: 35,
  /** A page's address: the page and referrer a chat starts on, and each page the visitor opens during it. */
  pageUrl: PAGE_URL_MAX,
  /** A visitor key (`visitorKey` of a chat start), in URL-safe characters. */
  visitorKey: VISITOR_KEY_LENGTH,
  /** Proactive rules a widget holds. */
  proactiveRules: 20,
  /** Addresses (or wildcards, ranges) a widget blocks visitors from. */
  blockedVisitors: 200,
  /** Seconds on a page before a proactive invitation shows. */
  invitationDelaySeconds: { min: 0, max: 3600 },
  /** Pages viewed this visit before a proactive invitation shows. */
  invitationPagesViewed: { min: 0, max: 100 },
  /** Chats an agent holds at once (a widget's setting, and a user's own). */
  maxConcurrentChats: { min: 1, max: 100 },
  /** Chats a widget's queue holds. */
  maxQueueSize: { min: 0, max: 10_000 },
  /** Minutes without activity after which a widget's open chat closes by itself. */
  closeInactiveAfterMinutes: { min: 5, max: 1440 },
  /** Days the audit log is kept. */
  auditRetentionDays: { min: 1, max: 36_500 },
  /** Days ended chats are kept. */
  chatRetentionDays: { min: 30, max: 3650 },
} as const;

/** A visitor key's form: letters, digits, `_` and `-`, as many as {@link INPUT_LIMITS}`.visitorKey` allows. */
export const VISITOR_KEY = new RegExp(`^[A-Za-z0-9_-]{${VISITOR_KEY_LENGTH.min},${VISITOR_KEY_LENGTH.max}}$`);

export { LOCKED_UNTIL_UNLOCKED, SECURITY_LIMITS } from './security.js';
