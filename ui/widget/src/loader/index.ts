/**
 * The widget loader: the one script a site embeds
 * (`<script async src="https://chat.example.com/widget.js" data-widget="WIDGET_ID"></script>`).
 * It creates the frame Parley serves, places and sizes it, keeps the visitor's chat in the site's own
 * `localStorage` (storage inside a third-party frame is partitioned and may be lost) and the visit (pages
 * viewed, whether an invitation was shown) in its `sessionStorage`, and answers the
 * page's `Parley(...)` commands and the SnapEngage compatibility object. It adds no CSS to the page and
 * no globals but `Parley` (and `SnapEngage` when the page has none).
 */
import { VISITOR_KEY } from '@parley/core/limits';
import { isToLoader, pageAddress, type ToFrame, type ToLoader } from '../shared/protocol.js';
import { LoaderController, parseSaved, takeOverQueue, visitOnArrival } from './controller.js';
import { createSnapEngage } from './snapengage.js';

/** Below this page width the open panel fills the screen. */
const PHONE_WIDTH = 480;
const MARGIN = 16;
/**
 * A single-page app's address counts as a page once it has held this long: a redirect right after a navigation,
 * or a query string rewritten on each key of a search box, makes one page, not one per change.
 */
const SETTLE_MS = 1000;
/** Where the site's `localStorage` keeps this browser's visitor key. */
const VISITOR_KEY_ITEM = 'parley:visitor';

const start = (script: HTMLScriptElement) => {
  const widgetId = script.getAttribute('data-widget') ?? '';
  const origin = new URL(script.src, location.href).origin;
  const key = `parley:widget:${widgetId}`;
  const warn = (m: string) => console.warn(m);
  const storage = (() => {
    try {
      return window.localStorage;
    } catch {
      return null; // storage blocked: the chat lasts as long as the page
    }
  })();
  // The visit (pages viewed, whether an invitation was shown) lasts as long as the tab's session.
  const session = (() => {
    try {
      return window.sessionStorage;
    } catch {
      return null; // blocked: every page is the first of a visit
    }
  })();
  const keep = (store: Storage | null, name: string, value: unknown) => {
    try {
      store?.setItem(name, JSON.stringify(value));
    } catch {
      // full or blocked: it lasts as long as the page
    }
  };
  const visit = visitOnArrival(session?.getItem(key) ?? null);
  keep(session, key, visit);
  // This browser's key on the site, one for all of its widgets, kept since its first chat (see newVisitorKey).
  const keptKey = storage?.getItem(VISITOR_KEY_ITEM) ?? null;
  const visitorKey = keptKey && VISITOR_KEY.test(keptKey) ? keptKey : null;

  const frame = document.createElement('iframe');
  frame.src = `${origin}/widget/frame?widget=${encodeURIComponent(widgetId)}`;
  frame.title = 'Chat';
  frame.setAttribute('allow', 'autoplay');
  const style = frame.style;
  const set = (props: Record<string, string>) => {
    for (const [k, v] of Object.entries(props)) style.setProperty(k, v, 'important');
  };
  set({
    position: 'fixed',
    border: '0',
    margin: '0',
    padding: '0',
    background: 'transparent',
    'z-index': '2147483000',
    width: '0',
    height: '0',
    'max-width': '100%',
    'max-height': '100%',
    display: 'block',
  });

  let hidden = false;
  let last: Extract<ToLoader, { type: 'layout' }> | null = null;
  let fullScreen = window.innerWidth < PHONE_WIDTH;
  const place = () => {
    if (!last) return;
    const full = last.open && fullScreen;
    const side = last.position === 'left' ? 'left' : 'right';
    const other = side === 'left' ? 'right' : 'left';
    set({
      display: hidden && !last.open ? 'none' : 'block',
      bottom: full ? '0' : `${MARGIN}px`,
      [side]: full ? '0' : `${MARGIN}px`,
      [other]: full ? '0' : 'auto',
      top: full ? '0' : 'auto',
      width: full ? '100%' : `${Math.ceil(last.width)}px`,
      height: full ? '100%' : `${Math.ceil(last.height)}px`,
      // A short window (a laptop with the browser's bars) still shows the whole panel, header included.
      'max-height': full ? '100%' : `calc(100% - ${2 * MARGIN}px)`,
    });
  };

  const post = (m: ToFrame) => frame.contentWindow?.postMessage(m, origin);
  const controller = new LoaderController(
    {
      post,
      save: (saved) => keep(storage, key, saved),
      saveVisit: (v) => keep(session, key, v),
      saveVisitorKey: (k) => {
        try {
          storage?.setItem(VISITOR_KEY_ITEM, k);
        } catch {
          // full or blocked: this page's chats still carry it
        }
      },
      setHidden: (h) => {
        hidden = h;
        place();
      },
      layout: (l) => {
        last = l;
        place();
      },
      warn,
    },
    parseSaved(storage?.getItem(key) ?? null),
    {
      pageUrl: pageAddress(location.href),
      referrerUrl: document.referrer ? pageAddress(document.referrer) : null,
      visit,
      visitorKey,
    },
  );

  // A single-page app changes its address without loading a page (the History API, or routes in the fragment):
  // each new address that settles is a page of the visit too. A chat started before it settles starts from it.
  let settling: ReturnType<typeof setTimeout> | undefined;
  const changed = () => {
    controller.moved(pageAddress(location.href));
    clearTimeout(settling);
    settling = setTimeout(() => controller.navigated(pageAddress(location.href)), SETTLE_MS);
  };
  for (const name of ['pushState', 'replaceState'] as const) {
    const original = history[name];
    history[name] = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      changed();
      return result;
    };
  }
  window.addEventListener('popstate', changed);
  window.addEventListener('hashchange', changed);

  window.addEventListener('message', (e) => {
    // Only our frame, from Parley's origin: the page may hold other frames and scripts that post too.
    if (e.origin !== origin || e.source !== frame.contentWindow || !isToLoader(e.data)) return;
    controller.receive(e.data);
    if (e.data.type === 'hello') post({ parley: 1, type: 'viewport', fullScreen });
  });
  window.addEventListener('resize', () => {
    const now = window.innerWidth < PHONE_WIDTH;
    if (now === fullScreen) return;
    fullScreen = now;
    post({ parley: 1, type: 'viewport', fullScreen });
    place();
  });

  // While the visitor looks at another tab, the page's title counts the agent's new messages ("(2) Title"), as
  // the tab strip is all they see; it is given back when they return, unless the page changed it meanwhile.
  const away = { count: 0, title: '' };
  controller.command([
    'on',
    'messageReceived',
    () => {
      if (document.visibilityState !== 'hidden') return;
      if (away.count === 0) away.title = document.title;
      document.title = `(${++away.count}) ${away.title}`;
    },
  ]);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden' || away.count === 0) return;
    if (document.title === `(${away.count}) ${away.title}`) document.title = away.title;
    away.count = 0;
  });

  const w = window as unknown as Record<string, unknown>;
  w.Parley = takeOverQueue(w.Parley, (args) => controller.command(args));
  if (w.SnapEngage === undefined) w.SnapEngage = createSnapEngage(controller, warn);

  const attach = () => {
    document.body.appendChild(frame);
    // A frame the browser refused (a site not allowed to embed it) never says hello: the page is told so.
    setTimeout(() => controller.unreachable(), FRAME_PATIENCE_MS);
  };
  if (document.body) attach();
  else document.addEventListener('DOMContentLoaded', attach);
};

/** How long the frame has to say hello before the page is told the widget did not load. */
const FRAME_PATIENCE_MS = 8000;

const script =
  (document.currentScript as HTMLScriptElement | null) ??
  document.querySelector<HTMLScriptElement>('script[data-widget][src*="widget.js"]');
if (script?.getAttribute('data-widget')) start(script);
else console.warn('Parley: the widget script needs a data-widget attribute');
