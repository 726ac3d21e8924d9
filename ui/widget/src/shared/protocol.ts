import { PAGE_URL_MAX, VISITOR_KEY } from '@parley/core/limits';

/**
 * The messages the loader (on the customer's page) and the frame (served by Parley) exchange with
 * `postMessage`. Both sides check the sender's origin, and then the shape with the guards below: a page
 * can hold other scripts that post messages too, and a message is data from another origin.
 */

/**
 * A page's address as the loader sends it: whole when it fits in {@link PAGE_URL_MAX} characters (the API takes no longer one), else without
 * its query and fragment (a page with long tracking parameters), else cut. A longer one would make the frame
 * refuse the message that carries it.
 */
export const pageAddress = (href: string): string => {
  if (href.length <= PAGE_URL_MAX) return href;
  try {
    const u = new URL(href);
    return `${u.origin}${u.pathname}`.slice(0, PAGE_URL_MAX);
  } catch {
    return href.slice(0, PAGE_URL_MAX);
  }
};

/**
 * Whether two addresses are the same page: they differ in their fragment at most, unless that fragment is a
 * route (`#/orders`, `#!/orders`), as single-page apps that route by fragment use it.
 */
export const samePage = (a: string, b: string): boolean => {
  const page = (url: string) => {
    const hash = url.indexOf('#');
    if (hash < 0) return url;
    const fragment = url.slice(hash + 1);
    return fragment.startsWith('/') || fragment.startsWith('!') ? url : url.slice(0, hash);
  };
  return page(a) === page(b);
};

/** The visitor's chat as the loader keeps it in the page's `localStorage`. */
/** A custom variable's name as the API takes it (letters, digits, `_`, `.`, `-`): the page's `setVariable` checks it. */
export const VARIABLE = /^[\w.-]{1,64}$/;

/** What the widget takes as an email address before the server judges it (the forms, and the page's `setUser`). */
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** How long an ended chat is still shown on the site's next pages: a visitor back the next day starts afresh. */
export const ENDED_CHAT_KEPT_MS = 60 * 60 * 1000;

export interface StoredChat {
  readonly chatId: string;
  readonly token: string;
  /** The newest event the visitor has been shown (seq): older ones are history on the next page. */
  readonly lastSeq: number;
  /**
   * When the chat ended (ms since the epoch): kept, so that the next page still shows it with its rating and
   * transcript, until the visitor starts another or {@link ENDED_CHAT_KEPT_MS} have passed; no page of the site is
   * recorded in it any more.
   */
  readonly endedAt?: number;
  /** The visitor rated the ended chat (the rating is asked for once). */
  readonly rated?: boolean;
}

/** What the page said about the visitor (`setUser`, SnapEngage's `setUserEmail`...). */
export interface VisitorDetails {
  readonly name?: string;
  readonly email?: string;
  /** The email cannot be changed in the form (SnapEngage `setUserEmail(email, true)`). */
  readonly emailLocked?: boolean;
}

/**
 * The visit so far, as the loader keeps it per widget in the page's `sessionStorage` (a visit is a tab's
 * session): what the widget's proactive rules are judged on, and whether one already invited the visitor.
 */
export interface VisitState {
  /** Pages of the site viewed this visit, the current one included. */
  readonly pagesViewed: number;
  /** An invitation was shown this visit (answered or closed): no other comes. */
  readonly invited: boolean;
  /** What the visitor typed and had not sent when they left the last page (see {@link Draft}). */
  readonly draft?: Draft | null;
}

/**
 * What the visitor typed and has not sent: the pre-chat or offline form's fields, and the message being written in
 * a chat (with that chat's id: another chat does not get it). The loader keeps it with the visit, for the tab's next
 * page: a visitor who follows a link while writing finds their words there.
 */
export interface Draft {
  readonly form?: { readonly name: string; readonly email: string; readonly message: string; readonly description?: string };
  readonly composer?: { readonly chatId: string; readonly text: string };
}

/** Everything the loader knows, sent whole when the frame is ready. */
export interface PageState {
  readonly visitor: VisitorDetails;
  readonly variables: Readonly<Record<string, string>>;
  readonly language: string | null;
  /** Prefilled first message (SnapEngage `setDescription`). */
  readonly description: string | null;
  readonly sound: boolean;
  readonly pageUrl: string;
  readonly referrerUrl: string | null;
  readonly chat: StoredChat | null;
  /** The panel was open on the previous page. */
  readonly open: boolean;
  readonly visit: VisitState;
  /** This browser's key on the site (see {@link newVisitorKey}); null until its first chat, or with the page's storage blocked. */
  readonly visitorKey: string | null;
}

/**
 * A new key for this browser on the customer's site: 16 random bytes, base64url (22 characters). The frame makes
 * it when the browser's first chat starts (nothing is kept for a visitor who never chats), and the loader keeps it
 * in the site's `localStorage`; every chat started there carries it, so that agents see a visitor's earlier chats
 * even when they gave no e-mail. It is random and the site's own: nothing links it to another site.
 */
export const newVisitorKey = (): string =>
  btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** The events a page can listen to with `Parley('on', name, fn)`. */
export const WIDGET_EVENTS = [
  'chatStarted',
  'messageReceived',
  'messageSent',
  'chatClosed',
  'queuePosition',
  'offlineSubmitted',
  'open',
  'close',
  'invitation',
] as const;
export type WidgetEventName = (typeof WIDGET_EVENTS)[number];

/** The detail of each event, as the page's listeners receive it. */
export interface WidgetEventDetails {
  chatStarted: { chatId: string; email: string | null; message: string; status: string; proactive: boolean };
  messageReceived: { alias: string; text: string };
  messageSent: { text: string };
  chatClosed: { chatId: string };
  queuePosition: { position: number; estimatedWaitSeconds: number | null };
  offlineSubmitted: { email: string; message: string };
  open: { agentStatus: AgentStatus };
  /** `what`: the form, a chat in progress, or a proactive prompt left unanswered (SnapEngage's words). */
  close: { what: 'form' | 'chat' | 'proactive'; agentStatus: AgentStatus };
  /** A proactive invitation opened the widget (a rule's or the page's): who it is from, and its text. */
  invitation: { alias: string; message: string };
}

export type AgentStatus = 'online' | 'offline';

/** Loader → frame. */
export type ToFrame =
  | { readonly parley: 1; readonly type: 'init'; readonly state: PageState }
  | {
      readonly parley: 1;
      readonly type: 'set';
      readonly state: Partial<Pick<PageState, 'visitor' | 'variables' | 'language' | 'description' | 'sound'>>;
    }
  | { readonly parley: 1; readonly type: 'open'; readonly proactive?: string }
  | { readonly parley: 1; readonly type: 'close' }
  | { readonly parley: 1; readonly type: 'startChat'; readonly message: string }
  | { readonly parley: 1; readonly type: 'agentStatus'; readonly requestId: number }
  /** The page became narrow (phone) or wide again: the panel fills the screen below 480 px. */
  | { readonly parley: 1; readonly type: 'viewport'; readonly fullScreen: boolean }
  /**
   * The page changed its address without loading and the address has not settled yet (a single-page app on its
   * way): a chat started now starts from it, but it is no page of the visit until `page` says so.
   */
  | { readonly parley: 1; readonly type: 'address'; readonly pageUrl: string }
  /** The page changed its address without loading (a single-page app): another page of the visit. */
  | { readonly parley: 1; readonly type: 'page'; readonly pageUrl: string; readonly visit: VisitState };

/** Frame → loader. */
export type ToLoader =
  /** The frame is up and waits for `init` (carries nothing secret: sent before the parent is known). */
  | { readonly parley: 1; readonly type: 'hello' }
  /** How big the frame wants to be, and on which side. `hidden`: nothing to show (unknown widget). */
  | {
      readonly parley: 1;
      readonly type: 'layout';
      readonly open: boolean;
      readonly width: number;
      readonly height: number;
      readonly position: 'left' | 'right';
    }
  | { readonly parley: 1; readonly type: 'chat'; readonly chat: StoredChat | null }
  /** The browser's visitor key, made for its first chat: to keep for the next ones. */
  | { readonly parley: 1; readonly type: 'visitorKey'; readonly key: string }
  /** An invitation was shown: none other this visit. */
  | { readonly parley: 1; readonly type: 'invited' }
  /** What the visitor has typed and not sent, now (null: nothing). */
  | { readonly parley: 1; readonly type: 'draft'; readonly draft: Draft | null }
  | { readonly parley: 1; readonly type: 'event'; readonly name: WidgetEventName; readonly detail: unknown }
  | { readonly parley: 1; readonly type: 'agentStatus'; readonly requestId: number; readonly status: AgentStatus };

type Untrusted = Record<string, unknown>;

const isObject = (v: unknown): v is Untrusted => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown, max = 5000): v is string => typeof v === 'string' && v.length <= max;
const isStringMap = (v: unknown): v is Record<string, string> => isObject(v) && Object.values(v).every((x) => isString(x, 1000));
const optional = (v: unknown, test: (v: unknown) => boolean) => v === undefined || test(v);
const nullable = (v: unknown, test: (v: unknown) => boolean) => v === null || test(v);

export const isStoredChat = (v: unknown): v is StoredChat =>
  isObject(v) &&
  isString(v.chatId, 64) &&
  isString(v.token, 200) &&
  typeof v.lastSeq === 'number' &&
  Number.isInteger(v.lastSeq) &&
  v.lastSeq >= 0 &&
  (v.endedAt === undefined || (typeof v.endedAt === 'number' && Number.isFinite(v.endedAt))) &&
  (v.rated === undefined || typeof v.rated === 'boolean');

const isDraft = (v: unknown): v is Draft =>
  isObject(v) &&
  optional(
    v.form,
    (f) => isObject(f) && isString(f.name, 120) && isString(f.email, 254) && isString(f.message) && optional(f.description, isString),
  ) &&
  optional(v.composer, (c) => isObject(c) && isString(c.chatId, 64) && isString(c.text));

export const isVisitState = (v: unknown): v is VisitState =>
  isObject(v) &&
  typeof v.pagesViewed === 'number' &&
  Number.isInteger(v.pagesViewed) &&
  v.pagesViewed >= 0 &&
  typeof v.invited === 'boolean' &&
  optional(v.draft, (d) => nullable(d, isDraft));

const isVisitor = (v: unknown): boolean =>
  isObject(v) &&
  optional(v.name, (x) => isString(x, 120)) &&
  optional(v.email, (x) => isString(x, 254)) &&
  optional(v.emailLocked, (x) => typeof x === 'boolean');

const isPartialState = (s: Untrusted): boolean =>
  optional(s.visitor, isVisitor) &&
  optional(s.variables, isStringMap) &&
  optional(s.language, (x) => nullable(x, (y) => isString(y, 35))) &&
  optional(s.description, (x) => nullable(x, isString)) &&
  optional(s.sound, (x) => typeof x === 'boolean');

const isPageState = (s: unknown): s is PageState =>
  isObject(s) &&
  isPartialState(s) &&
  s.visitor !== undefined &&
  s.variables !== undefined &&
  isString(s.pageUrl, PAGE_URL_MAX) &&
  nullable(s.referrerUrl, (x) => isString(x, PAGE_URL_MAX)) &&
  nullable(s.chat, isStoredChat) &&
  typeof s.open === 'boolean' &&
  isVisitState(s.visit) &&
  nullable(s.visitorKey, (x) => typeof x === 'string' && VISITOR_KEY.test(x));

/** Whether `data` is a message the frame understands (anything else is ignored). */
export const isToFrame = (data: unknown): data is ToFrame => {
  if (!isObject(data) || data.parley !== 1) return false;
  switch (data.type) {
    case 'init':
      return isPageState(data.state);
    case 'set':
      return isObject(data.state) && isPartialState(data.state);
    case 'open':
      return optional(data.proactive, isString);
    case 'close':
      return true;
    case 'startChat':
      return isString(data.message);
    case 'agentStatus':
      return typeof data.requestId === 'number';
    case 'viewport':
      return typeof data.fullScreen === 'boolean';
    case 'address':
      return isString(data.pageUrl, PAGE_URL_MAX);
    case 'page':
      return isString(data.pageUrl, PAGE_URL_MAX) && isVisitState(data.visit);
    default:
      return false;
  }
};

/** Whether `data` is a message the loader understands (anything else is ignored). */
export const isToLoader = (data: unknown): data is ToLoader => {
  if (!isObject(data) || data.parley !== 1) return false;
  switch (data.type) {
    case 'hello':
      return true;
    case 'layout':
      return (
        typeof data.open === 'boolean' &&
        typeof data.width === 'number' &&
        typeof data.height === 'number' &&
        (data.position === 'left' || data.position === 'right')
      );
    case 'chat':
      return nullable(data.chat, isStoredChat);
    case 'visitorKey':
      return typeof data.key === 'string' && VISITOR_KEY.test(data.key);
    case 'invited':
      return true;
    case 'draft':
      return nullable(data.draft, isDraft);
    case 'event':
      return (WIDGET_EVENTS as readonly unknown[]).includes(data.name);
    case 'agentStatus':
      return typeof data.requestId === 'number' && (data.status === 'online' || data.status === 'offline');
    default:
      return false;
  }
};
