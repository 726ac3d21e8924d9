import { isToFrame, type PageState, type ToFrame, type ToLoader } from '../shared/protocol.js';

/**
 * The frame's side of the conversation with the loader. The parent's origin is pinned by the first
 * `init` that comes from `window.parent` (and, where the browser tells, from the page that embeds us):
 * afterwards only that origin is listened to and written to, so the visitor's token never goes
 * anywhere else. `hello` carries nothing, so it may go out before the parent is known.
 */
let parentOrigin: string | null = null;

const embedded = () => window.parent !== window;

export const toParent = (m: ToLoader): void => {
  if (!embedded()) return;
  if (m.type === 'hello') window.parent.postMessage(m, '*');
  else if (parentOrigin) window.parent.postMessage(m, parentOrigin);
};

/** The page state when the frame is opened on its own (no loader): nothing remembered. */
export const standalone = (): PageState => ({
  visitor: {},
  variables: {},
  language: null,
  description: null,
  sound: true,
  pageUrl: location.href,
  referrerUrl: null,
  chat: null,
  open: true,
  visit: { pagesViewed: 1, invited: false },
  visitorKey: null,
});

export const listenToParent = (handle: (m: ToFrame) => void): void => {
  if (!embedded()) {
    handle({ parley: 1, type: 'init', state: standalone() });
    return;
  }
  window.addEventListener('message', (e) => {
    if (e.source !== window.parent || !isToFrame(e.data)) return;
    if (parentOrigin === null) {
      const ancestor = location.ancestorOrigins?.[0];
      if (e.data.type !== 'init' || (ancestor !== undefined && ancestor !== e.origin)) return;
      parentOrigin = e.origin;
    } else if (e.origin !== parentOrigin) return;
    handle(e.data);
  });
  toParent({ parley: 1, type: 'hello' });
};
