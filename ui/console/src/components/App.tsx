import { useEffect } from 'preact/hooks';
import { followAgentStream } from '../agent-stream.js';
import { loadLabels, me, notice, route, selected, showingHelp, unreadTotal, view } from '../store.js';
import { Admin } from './admin/Admin.js';
import { ForgotPassword } from './ForgotPassword.js';
import { SetPassword } from './SetPassword.js';
import { History } from './History.js';
import { ShortcutHelp, useShortcuts } from './Shortcuts.js';
import { ChatList } from './ChatList.js';
import { Conversation } from './Conversation.js';
import { SignIn } from './SignIn.js';
import { TopBar } from './TopBar.js';
import { VisitorPanel } from './VisitorPanel.js';

const Workspace = () => {
  useEffect(() => followAgentStream(), []);
  useEffect(() => void loadLabels(), []);
  useShortcuts();
  useEffect(() => {
    document.title = unreadTotal.value > 0 ? `(${unreadTotal.value}) Parley` : 'Parley';
  }, [unreadTotal.value]);
  const chat = selected.value;
  const r = route.value;
  return (
    <div class="shell">
      <TopBar />
      {notice.value && (
        <p class="error" role="alert">
          {notice.value}
        </p>
      )}
      {r.page === 'admin' ? (
        <Admin section={r.section} rest={r.rest} />
      ) : view.value === 'history' ? (
        <History />
      ) : (
        <main class="workspace">
          <ChatList />
          {chat ? <Conversation chat={chat} /> : <p class="empty">Select a chat.</p>}
          <VisitorPanel chat={chat?.chat ?? null} />
        </main>
      )}
      {showingHelp.value && <ShortcutHelp />}
    </div>
  );
};

/**
 * The console: sign-in, then the agent's workspace; a mailed link's page (reset, invitation) or the
 * forgotten-password form when the address asks for one, whoever is signed in.
 */
export const App = () => {
  const r = route.value;
  if (r.page === 'forgot') return <ForgotPassword />;
  if (r.page === 'reset' || r.page === 'invite') return <SetPassword key={r.token} kind={r.page} token={r.token} />;
  if (me.value === undefined) return <p class="empty">Loading…</p>;
  return me.value ? <Workspace /> : <SignIn />;
};
