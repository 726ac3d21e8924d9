import { useState } from 'preact/hooks';
import { connection, me, setStatus, showingHelp, signOut, status, statusReason, unreadTotal, view } from '../store.js';
import type { AgentStatus } from '../model.js';
import { askForNotifications } from '../notify.js';
import { PauseDialog, reasonLabel } from './PauseDialog.js';

const STATUSES: readonly { value: AgentStatus; label: string }[] = [
  { value: 'online', label: 'Online' },
  { value: 'paused', label: 'Paused' },
  { value: 'offline', label: 'Offline' },
];

const CONNECTION_LABEL = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' } as const;

/** The agent's name, their status switch (a pause asks why), the stream's state and sign-out. */
export const TopBar = () => {
  const [pausing, setPausing] = useState(false);
  return (
  <header class="topbar">
    <span class="brand">Parley</span>
    <nav class="tabs" aria-label="Screens">
      <button type="button" aria-current={view.value === 'inbox' ? 'page' : undefined} onClick={() => (view.value = 'inbox')}>
        Inbox{unreadTotal.value > 0 && <span class="badge">{unreadTotal.value}</span>}
      </button>
      <button type="button" aria-current={view.value === 'history' ? 'page' : undefined} onClick={() => (view.value = 'history')}>
        History
      </button>
    </nav>
    <span class="conn" data-state={connection.value} role="status">
      {CONNECTION_LABEL[connection.value]}
    </span>
    <div class="status-switch" role="group" aria-label="Your status">
      {STATUSES.map((s) => (
        <button
          type="button"
          aria-pressed={status.value === s.value}
          aria-haspopup={s.value === 'paused' ? 'dialog' : undefined}
          onClick={() => {
            askForNotifications();
            if (s.value === 'paused') setPausing(true);
            else void setStatus(s.value);
          }}
        >
          {s.label}
        </button>
      ))}
    </div>
    {status.value === 'paused' && statusReason.value && <span class="status-reason">Paused: {reasonLabel(statusReason.value)}</span>}
    {pausing && <PauseDialog onClose={() => setPausing(false)} />}
    <a href="/monitor">Monitor</a>
    <button class="btn" type="button" aria-label="Keyboard shortcuts" onClick={() => (showingHelp.value = true)}>
      ?
    </button>
    <span class="who">{me.value?.name}</span>
    <button class="btn" type="button" onClick={() => void signOut()}>
      Sign out
    </button>
  </header>
  );
};
