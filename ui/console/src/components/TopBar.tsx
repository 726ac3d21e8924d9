import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { chats, connection, me, navigate, route, setStatus, showingHelp, signOut, status, statusReason, unreadTotal } from '../store.js';
import { goTo } from './links.js';
import { sectionsFor } from './admin/sections.js';
import type { AgentStatus } from '../model.js';
import { SPEAKER_ICON } from '@parley/design/icons';
import { askForNotifications, setSound, soundOn } from '../notify.js';
import { ConfirmDialog } from './admin/ConfirmDialog.js';
import { PauseDialog, reasonLabel } from './PauseDialog.js';
import { UnreadBadge } from './UnreadBadge.js';

const STATUSES: readonly { value: AgentStatus; label: string }[] = [
  { value: 'online', label: 'Online' },
  { value: 'paused', label: 'Paused' },
  { value: 'offline', label: 'Offline' },
];

const CONNECTION_LABEL = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' } as const;

/**
 * The bar's last items (the monitor, the shortcuts, the agent's name and sign-out): in the bar itself on a wide screen;
 * on a phone behind a Menu button, so the bar keeps to two lines. The panel closes on Escape (the focus back on the
 * button), on a click outside it, and once an item in it is chosen.
 */
const MoreMenu = ({ children }: { readonly children: ComponentChildren }) => {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const outside = (e: Event) => {
      if (!panel.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false);
    };
    const escape = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      button.current?.focus();
    };
    // A click on an item (a link or a button, by pointer or keyboard) has done what it was for.
    const chosen = (e: Event) => {
      if ((e.target as Element).closest('a, button')) setOpen(false);
    };
    const items = panel.current;
    document.addEventListener('pointerdown', outside);
    document.addEventListener('keydown', escape);
    items?.addEventListener('click', chosen);
    return () => {
      document.removeEventListener('pointerdown', outside);
      document.removeEventListener('keydown', escape);
      items?.removeEventListener('click', chosen);
    };
  }, [open]);
  return (
    <>
      <button
        ref={button}
        class="btn topbar-menu"
        type="button"
        aria-expanded={open}
        aria-controls="topbar-more"
        onClick={() => setOpen(!open)}
      >
        Menu
      </button>
      <div ref={panel} id="topbar-more" class="topbar-more" data-open={open ? 'true' : undefined}>
        {children}
      </div>
    </>
  );
};

/**
 * Asks before going offline with open chats, which the server then hands back to their widgets' queues: an agent
 * who only meant to take no new chats loses none to a misclick (Paused keeps them).
 */
const OfflineDialog = ({ open, onClose }: { readonly open: number; readonly onClose: () => void }) => (
  <ConfirmDialog
    title={`Go offline with ${open} open ${open === 1 ? 'chat' : 'chats'}?`}
    action="Go offline"
    focusCancel
    onClose={onClose}
    onConfirm={() => setStatus('offline')}
  >
    <p>
      They go back to the queue, where a free colleague takes them; their visitors are told you had to leave. To keep them and take no new
      chats, choose Paused instead.
    </p>
  </ConfirmDialog>
);

/** The agent's name, their status switch (a pause asks why, going offline with open chats asks first), the stream's state and sign-out. */
export const TopBar = () => {
  const [pausing, setPausing] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const openChats = [...chats.value.values()].filter((c) => !c.ended).length;
  const page = route.value.page;
  const inAdmin = page === 'admin';
  const show = (v: 'inbox' | 'history') => {
    if (v === 'history' && page !== 'history') navigate('/app/history');
    if (v === 'inbox' && page !== 'main') navigate('/app');
  };
  const mayAdmin = me.value ? sectionsFor(me.value.role).length > 0 : false;
  // The monitor refuses agents (supervisors, admins and owners watch it): no link that leads them out of the inbox to a refusal.
  const mayMonitor = me.value ? me.value.role !== 'agent' : false;
  return (
    <header class="topbar">
      <span class="brand">Parley</span>
      <nav class="tabs" aria-label="Screens">
        <button type="button" aria-current={page === 'main' ? 'page' : undefined} onClick={() => show('inbox')}>
          Inbox
          <UnreadBadge count={unreadTotal.value} />
        </button>
        <button type="button" aria-current={page === 'history' ? 'page' : undefined} onClick={() => show('history')}>
          History
        </button>
        {mayAdmin && (
          <a class="tab" href="/app/admin" aria-current={inAdmin ? 'page' : undefined} onClick={(e) => goTo(e, '/app/admin')}>
            Admin
          </a>
        )}
      </nav>
      <span class="conn" data-state={connection.value} role="status">
        {CONNECTION_LABEL[connection.value]}
      </span>
      <div class="status-switch" role="group" aria-label="Your status">
        {STATUSES.map((s) => (
          <button
            type="button"
            aria-pressed={status.value === s.value}
            aria-haspopup={s.value === 'paused' || (s.value === 'offline' && openChats > 0) ? 'dialog' : undefined}
            onClick={() => {
              askForNotifications();
              if (s.value === 'paused') setPausing(true);
              else if (s.value === 'offline' && openChats > 0 && status.value !== 'offline') setLeaving(true);
              else void setStatus(s.value);
            }}
          >
            {s.label}
          </button>
        ))}
      </div>
      {status.value === 'paused' && statusReason.value && <span class="status-reason">Paused: {reasonLabel(statusReason.value)}</span>}
      {pausing && <PauseDialog onClose={() => setPausing(false)} />}
      {leaving && <OfflineDialog open={openChats} onClose={() => setLeaving(false)} />}
      <MoreMenu>
        <button
          class="btn sound-toggle"
          type="button"
          aria-pressed={soundOn.value}
          aria-label="Sound of new chats and messages"
          title={soundOn.value ? 'Sound on' : 'Sound off'}
          onClick={() => setSound(!soundOn.value)}
        >
          <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
            <path fill="currentColor" d={SPEAKER_ICON.body} />
            <path fill="none" stroke="currentColor" stroke-width="2" d={soundOn.value ? SPEAKER_ICON.waves : SPEAKER_ICON.muted} />
          </svg>
          <span class="in-menu">Sound of new chats</span>
        </button>
        {mayMonitor && <a href="/monitor">Monitor</a>}
        <button class="btn" type="button" aria-label="Keyboard shortcuts" onClick={() => (showingHelp.value = true)}>
          <span class="in-bar">?</span>
          <span class="in-menu">Keyboard shortcuts</span>
        </button>
        <a
          class="who"
          href="/app/password"
          aria-label={`${me.value?.name ?? ''}: change your password`}
          aria-current={page === 'password' ? 'page' : undefined}
          onClick={(e) => goTo(e, '/app/password')}
        >
          {me.value?.name}
          <span class="in-menu">: change your password</span>
        </a>
        <button class="btn" type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </MoreMenu>
    </header>
  );
};
