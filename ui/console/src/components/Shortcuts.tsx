import { useEffect, useRef } from 'preact/hooks';
import {
  askToClose,
  navigate,
  notingIn,
  ordered,
  openForReply,
  route,
  selected,
  selectedId,
  setNoting,
  showingHelp,
  transferring,
} from '../store.js';

/** The console's keyboard shortcuts: one table feeds both the handler and the help overlay. */
const SHORTCUTS: readonly { keys: string; label: string; when: (e: KeyboardEvent) => boolean; run: () => void }[] = [
  { keys: 'Alt+↓', label: 'Next chat', when: (e) => e.altKey && e.key === 'ArrowDown', run: () => step(1) },
  { keys: 'Alt+↑', label: 'Previous chat', when: (e) => e.altKey && e.key === 'ArrowUp', run: () => step(-1) },
  {
    keys: 'Alt+T',
    label: 'Transfer the open chat',
    when: (e) => e.altKey && e.code === 'KeyT',
    run: () => selected.value && !selected.value.ended && (transferring.value = true),
  },
  {
    keys: 'Alt+X',
    label: 'Close the open chat',
    when: (e) => e.altKey && e.code === 'KeyX',
    run: () => selected.value && !selected.value.ended && askToClose(selected.value.id),
  },
  {
    keys: 'Alt+N',
    label: 'Write a note for the team instead of a reply, and back',
    when: (e) => e.altKey && e.code === 'KeyN',
    run: () => {
      const open = selected.value;
      if (!open || open.ended || route.value.page !== 'main') return;
      setNoting(open.id, !notingIn.value.has(open.id));
      openForReply(open.id);
    },
  },
  {
    keys: 'Alt+H',
    label: 'Switch between inbox and history',
    when: (e) => e.altKey && e.code === 'KeyH',
    run: () => navigate(route.value.page === 'history' ? '/app' : '/app/history'),
  },
  { keys: '?', label: 'Show these shortcuts', when: (e) => e.key === '?' && !typing(e), run: () => (showingHelp.value = true) },
];

const typing = (e: KeyboardEvent) =>
  e.target instanceof HTMLElement && (e.target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(e.target.tagName));

const step = (by: number) => {
  const list = ordered.value;
  if (list.length === 0) return;
  const at = list.findIndex((c) => c.id === selectedId.value);
  openForReply(list[(at + by + list.length) % list.length]!.id);
  if (route.value.page !== 'main') navigate('/app');
};

/** Listens for the shortcuts on the whole page. */
export const useShortcuts = () =>
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const hit = SHORTCUTS.find((s) => s.when(e));
      if (!hit) return;
      e.preventDefault();
      hit.run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

/**
 * The shortcuts' help; closed (Escape, Close), it gives the focus back to what had it before ("?", a chat in the
 * list), or, when nothing had it ("?" pressed on the page), to the open chat's reply box, where the agent writes: not
 * to wherever the browser would start from (the transcript).
 */
export const ShortcutHelp = () => {
  const dialog = useRef<HTMLDialogElement>(null);
  const before = useRef<Element | null>(null);
  useEffect(() => {
    before.current = document.activeElement;
    dialog.current?.showModal();
  }, []);
  const close = () => {
    showingHelp.value = false;
    const back = before.current;
    const to = back instanceof HTMLElement && back !== document.body && back.isConnected ? back : document.getElementById('reply');
    to?.focus();
  };
  return (
    <dialog ref={dialog} class="dialog" aria-labelledby="help-title" onClose={close}>
      <h2 id="help-title">Keyboard shortcuts</h2>
      <dl class="shortcuts">
        {SHORTCUTS.map((s) => (
          <>
            <dt>
              <kbd>{s.keys}</kbd>
            </dt>
            <dd>{s.label}</dd>
          </>
        ))}
        <dt>
          <kbd>Enter</kbd>
        </dt>
        <dd>Send the reply (Shift+Enter: new line)</dd>
      </dl>
      <form method="dialog">
        <button class="btn btn-primary" type="submit">
          Close
        </button>
      </form>
    </dialog>
  );
};
