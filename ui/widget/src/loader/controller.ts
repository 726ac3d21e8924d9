import {
  EMAIL,
  isStoredChat,
  isVisitState,
  samePage,
  VARIABLE,
  WIDGET_EVENTS,
  type AgentStatus,
  type PageState,
  type StoredChat,
  type ToFrame,
  type ToLoader,
  type VisitorDetails,
  type VisitState,
  type WidgetEventName,
} from '../shared/protocol.js';

/** What the controller needs from the page: the DOM and storage side, kept out so it can be tested. */
export interface LoaderEnv {
  /** Posts to the frame (the caller pins the frame's origin). */
  post(message: ToFrame): void;
  /** Keeps the visitor's chat and whether the panel is open, for the next page of the site. */
  save(saved: SavedWidget): void;
  /** Keeps the visit (pages viewed, invited) for the next page of this tab. */
  saveVisit(visit: VisitState): void;
  /** Keeps the browser's visitor key for the site's next pages and chats. */
  saveVisitorKey(key: string): void;
  /** Shows or hides the whole widget. */
  setHidden(hidden: boolean): void;
  /** Sizes and places the frame. */
  layout(layout: Extract<ToLoader, { type: 'layout' }>): void;
  /** A page error worth telling its developer about (unknown command, bad argument). */
  warn(message: string): void;
}

/** What survives navigation, in the page's `localStorage`. */
export interface SavedWidget {
  readonly chat: StoredChat | null;
  readonly open: boolean;
}

export const parseSaved = (raw: string | null): SavedWidget => {
  try {
    const v: unknown = raw ? JSON.parse(raw) : null;
    if (v && typeof v === 'object') {
      const { chat, open } = v as Record<string, unknown>;
      return { chat: isStoredChat(chat) ? chat : null, open: open === true };
    }
  } catch {
    // unreadable: start afresh
  }
  return { chat: null, open: false };
};

/** The visit with one more page viewed. */
const onePageMore = (v: VisitState): VisitState => ({ ...v, pagesViewed: Math.min(v.pagesViewed + 1, 1_000_000) });

/** This page's visit: the one saved in this tab's session with this page counted, or the first page of a new one. */
export const visitOnArrival = (raw: string | null): VisitState => {
  let saved: unknown = null;
  try {
    saved = raw ? JSON.parse(raw) : null;
  } catch {
    // unreadable: a new visit
  }
  return isVisitState(saved) ? onePageMore(saved) : { pagesViewed: 1, invited: false };
};

type Listener = (detail: unknown) => void;

const str = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

/**
 * The loader's brain: the page's commands (`Parley(...)`, the SnapEngage shim) become state and
 * messages to the frame. Until the frame says hello, state accumulates and actions wait in order;
 * the frame then gets the whole state at once, then the actions.
 */
export class LoaderController {
  private visitor: VisitorDetails = {};
  private variables: Record<string, string> = {};
  private language: string | null = null;
  private description: string | null = null;
  private sound = true;
  private saved: SavedWidget;
  private visit: VisitState;
  private pageUrl: string;
  private visitorKey: string | null;
  private ready = false;
  /** The frame never said hello in time (see {@link unreachable}). */
  private gone = false;
  private readonly waiting: ToFrame[] = [];
  private readonly listeners = new Map<WidgetEventName, Listener[]>();
  private readonly statusRequests = new Map<number, (status: AgentStatus) => void>();
  private nextRequest = 1;

  constructor(
    private readonly env: LoaderEnv,
    saved: SavedWidget,
    private readonly page: {
      readonly pageUrl: string;
      readonly referrerUrl: string | null;
      readonly visit: VisitState;
      /** The key kept from an earlier chat, or null. */
      readonly visitorKey: string | null;
    },
  ) {
    this.saved = saved;
    this.visit = page.visit;
    this.pageUrl = page.pageUrl;
    this.visitorKey = page.visitorKey;
  }

  /** One `Parley(name, ...args)` call. Unknown commands and bad arguments are reported, never thrown. */
  command(args: ArrayLike<unknown>): void {
    const [name, a, b] = Array.from(args);
    switch (name) {
      case 'setUser':
        if (a && typeof a === 'object') {
          const { name: n, email } = a as Record<string, unknown>;
          // An address that is none would be put in the form as it is: said, and left out.
          if (email !== undefined && !(str(email, 254) && EMAIL.test(email))) break;
          return this.setVisitor({ ...(str(n, 120) ? { name: n } : {}), ...(str(email, 254) ? { email } : {}) });
        }
        break;
      case 'setVariable':
        // Names as the API takes them (letters, digits, _ . -): another would be dropped on the way.
        if (str(a, 64) && VARIABLE.test(a) && (str(b, 1000) || typeof b === 'number' || typeof b === 'boolean'))
          return this.setVariable(a, String(b));
        break;
      case 'setLanguage':
        if (str(a, 35)) return this.setLanguage(a);
        break;
      case 'open':
        return this.open();
      case 'close':
        return this.close();
      case 'hide':
        return this.env.setHidden(true);
      case 'show':
        return this.env.setHidden(false);
      case 'on':
        if ((WIDGET_EVENTS as readonly unknown[]).includes(a) && typeof b === 'function')
          return this.on(a as WidgetEventName, b as Listener);
        break;
      default:
        return this.env.warn(`Parley: unknown command ${JSON.stringify(name)}`);
    }
    this.env.warn(`Parley: bad arguments for ${JSON.stringify(name)}`);
  }

  setVisitor(details: VisitorDetails): void {
    this.visitor = { ...this.visitor, ...details };
    this.sendState({ visitor: this.visitor });
  }

  setVariable(name: string, value: string): void {
    this.variables = { ...this.variables, [name]: value };
    this.sendState({ variables: this.variables });
  }

  setLanguage(language: string): void {
    this.language = language;
    this.sendState({ language });
  }

  setDescription(description: string): void {
    this.description = description;
    this.sendState({ description });
  }

  allowSound(sound: boolean): void {
    this.sound = sound;
    this.sendState({ sound });
  }

  open(proactive?: string): void {
    this.act({ parley: 1, type: 'open', ...(proactive !== undefined ? { proactive } : {}) });
  }

  close(): void {
    this.act({ parley: 1, type: 'close' });
  }

  startChat(message: string): void {
    this.act({ parley: 1, type: 'startChat', message });
  }

  on(name: WidgetEventName, fn: Listener): void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
  }

  /**
   * The page's address changed without a page load and may change again at once (a redirect, a router adding its
   * query): the frame learns it as where a chat started now begins; {@link navigated} follows once it settles.
   */
  moved(pageUrl: string): void {
    if (this.ready) this.env.post({ parley: 1, type: 'address', pageUrl });
  }

  /**
   * The page's address changed without a page load (a single-page app's `history.pushState`, the back button
   * inside it): unless it is the same page (see {@link samePage}), one more page of the visit, which the frame
   * learns (the agent of a chat sees where the visitor went; invitations judge the new page).
   */
  navigated(pageUrl: string): void {
    if (samePage(pageUrl, this.pageUrl)) return;
    this.pageUrl = pageUrl;
    this.visit = onePageMore(this.visit);
    this.env.saveVisit(this.visit);
    // Before the frame is ready, its `init` carries the address and the visit as they are then.
    if (this.ready) this.env.post({ parley: 1, type: 'page', pageUrl, visit: this.visit });
  }

  /** Asks the frame whether someone could take a chat now; with no frame to ask (see {@link unreachable}), nobody. */
  agentStatus(callback: (status: AgentStatus) => void): void {
    if (this.gone) return this.safely(() => callback('offline'));
    const requestId = this.nextRequest++;
    this.statusRequests.set(requestId, callback);
    this.act({ parley: 1, type: 'agentStatus', requestId });
  }

  /**
   * The frame has not said hello in the time a page gives it (the page's address is not among the widget's allowed
   * sites, so the browser refused to show it; the widget was deleted; Parley cannot be reached): the page's
   * developer is told why in the console, and the status requests waiting, and any later, answer `offline`, so a
   * page that shows its own "Chat now" link hides it. A hello later still makes the widget work.
   */
  unreachable(): void {
    if (this.ready || this.gone) return;
    this.gone = true;
    this.env.warn('Parley: the widget did not load. Is this site among its allowed sites?');
    for (const cb of this.statusRequests.values()) this.safely(() => cb('offline'));
    this.statusRequests.clear();
  }

  /** A message from the frame (origin and shape already checked). */
  receive(message: ToLoader): void {
    switch (message.type) {
      case 'hello':
        // A reloaded frame says hello again: it gets the state afresh.
        this.ready = true;
        this.gone = false;
        this.env.post({ parley: 1, type: 'init', state: this.state() });
        for (const m of this.waiting.splice(0)) this.env.post(m);
        return;
      case 'layout':
        if (message.open !== this.saved.open) this.save({ ...this.saved, open: message.open });
        return this.env.layout(message);
      case 'chat':
        return this.save({ ...this.saved, chat: message.chat });
      case 'visitorKey':
        if (message.key === this.visitorKey) return;
        this.visitorKey = message.key;
        return this.env.saveVisitorKey(message.key);
      case 'invited':
      case 'draft':
        this.visit = { ...this.visit, ...(message.type === 'draft' ? { draft: message.draft } : { invited: true }) };
        return this.env.saveVisit(this.visit);
      case 'agentStatus': {
        const cb = this.statusRequests.get(message.requestId);
        this.statusRequests.delete(message.requestId);
        return cb && this.safely(() => cb(message.status));
      }
      case 'event':
        for (const fn of this.listeners.get(message.name) ?? []) this.safely(() => fn(message.detail));
        return;
    }
  }

  private state(): PageState {
    return {
      visitor: this.visitor,
      variables: this.variables,
      language: this.language,
      description: this.description,
      sound: this.sound,
      pageUrl: this.pageUrl,
      referrerUrl: this.page.referrerUrl,
      chat: this.saved.chat,
      open: this.saved.open,
      visit: this.visit,
      visitorKey: this.visitorKey,
    };
  }

  private save(saved: SavedWidget): void {
    this.saved = saved;
    this.env.save(saved);
  }

  private sendState(state: Extract<ToFrame, { type: 'set' }>['state']): void {
    if (this.ready) this.env.post({ parley: 1, type: 'set', state });
  }

  private act(message: ToFrame): void {
    if (this.ready) this.env.post(message);
    else this.waiting.push(message);
  }

  /** A page's listener that throws must not stop the widget. */
  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.env.warn(`Parley: a listener threw: ${String(err)}`);
    }
  }
}

/** The page's `Parley` function: a queue of argument lists until the loader runs (the snippet's stub). */
export interface ParleyGlobal {
  (...args: unknown[]): void;
  q?: ArrayLike<unknown>[];
}

/**
 * Replays the calls queued before the loader ran, in order, then answers later calls at once. Returns
 * the function to install as `window.Parley`.
 */
export const takeOverQueue = (existing: unknown, run: (args: ArrayLike<unknown>) => void): ParleyGlobal => {
  const queued = typeof existing === 'function' && Array.isArray((existing as ParleyGlobal).q) ? (existing as ParleyGlobal).q! : [];
  for (const args of queued) run(args);
  const parley: ParleyGlobal = (...args: unknown[]) => run(args);
  return parley;
};
