import { useEffect, useRef } from 'preact/hooks';
import { accentColors } from '@parley/design/contrast';
import { Launcher } from './components/launcher.js';
import { Panel } from './components/panel.js';
import { config, fullScreen, isOpen, language, loadFailed, page, proactivePrompt } from './store.js';
import { toParent } from './parent.js';
import { unlockSound } from './sound.js';

/** Room around the launcher inside the frame, for its shadow and badge. */
const PAD = 8;
const PANEL = { width: 380, height: 640 };

export const App = () => {
  const launcher = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLElement>(null);
  const wasOpen = useRef<boolean | null>(null);
  const cfg = config.value;
  const open = isOpen.value;

  useEffect(() => {
    document.documentElement.lang = language.value;
  }, [language.value]);

  useEffect(() => {
    if (!cfg) return;
    const { accent, onAccent, focusLight, focusDark } = accentColors(cfg.appearance.color);
    const root = document.documentElement.style;
    root.setProperty('--accent', accent);
    root.setProperty('--accent-fg', onAccent);
    root.setProperty('--focus-light', focusLight);
    root.setProperty('--focus-dark', focusDark);
  }, [cfg]);

  // Tell the loader how big the frame must be: the launcher (measured, it holds text), or the panel.
  useEffect(() => {
    if (!cfg || !page.value) return;
    const position = cfg.appearance.position;
    if (open) {
      toParent({ parley: 1, type: 'layout', open: true, width: PANEL.width, height: PANEL.height, position });
      return;
    }
    const el = launcher.current;
    if (!el) return;
    const report = () => {
      const r = el.getBoundingClientRect();
      toParent({ parley: 1, type: 'layout', open: false, width: r.width + 2 * PAD, height: r.height + 2 * PAD, position });
    };
    report();
    const watch = new ResizeObserver(report);
    watch.observe(el);
    return () => watch.disconnect();
  }, [cfg, open, page.value !== null]);

  // Focus goes into the panel when it opens, and back to the launcher when it closes (not on first load).
  // An invitation opens it unasked: the focus stays where the visitor has it on the page. Judged on what this
  // render showed: an effect runs after the render, and the page's state may have come meanwhile (the window
  // left open on the page before): read then, that first render's closed state looked like an opening, and the
  // focus left the customer's page for the chat form.
  const shown = page.value !== null;
  useEffect(() => {
    if (!cfg || !shown) return;
    if (wasOpen.current !== null && wasOpen.current !== open) {
      if (!open) launcher.current?.focus();
      else if (proactivePrompt.value === null)
        panel.current?.querySelector<HTMLElement>('input:not([readonly]), textarea, .body button')?.focus();
    }
    wasOpen.current = open;
  });

  if (loadFailed.value || !cfg || !page.value) return null;
  return (
    // Full screen (a phone) only while open: the closed launcher keeps its margin in its frame, for its badge and shadow.
    <div
      class={`root ${cfg.appearance.position}${fullScreen.value && open ? ' full' : ''}`}
      onPointerDown={unlockSound}
      onKeyDown={unlockSound}
    >
      {open ? <Panel panelRef={panel} /> : <Launcher buttonRef={launcher} />}
    </div>
  );
};
