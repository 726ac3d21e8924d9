import { useEffect, useRef, useState } from 'preact/hooks';
import { followAgentStream } from '../agent-stream.js';
import {
  dismiss,
  loadLabels,
  loadWidgetNames,
  loadPasswordExpiry,
  me,
  notice,
  passwordExpiresAt,
  route,
  selected,
  selectedId,
  sessionEpoch,
  showingHelp,
  showingList,
  showingVisitor,
  unreadTotal,
} from '../store.js';
import { expiryReminder } from '../password-expiry.js';
import { goTo } from './links.js';
import { pageTitle } from '../route.js';
import { openSectionId, sectionsFor } from './admin/sections.js';
import { ForgotPassword } from './ForgotPassword.js';
import { SetPassword } from './SetPassword.js';
import { History } from './History.js';
import { OwnPassword } from './OwnPassword.js';
import { ShortcutHelp, useShortcuts } from './Shortcuts.js';
import { ChatList } from './ChatList.js';
import { Conversation } from './Conversation.js';
import { SignIn } from './SignIn.js';
import { SignUp } from './SignUp.js';
import { TopBar } from './TopBar.js';
import { VisitorPanel } from './VisitorPanel.js';
import { ErrorAlert } from './alert.js';

type AdminModule = typeof import('./admin/Admin.js');

/**
 * The admin screens, loaded the first time one is opened: agents, who never open them, never download
 * them, and the inbox starts with less to parse.
 */
const AdminArea = ({ section, rest }: { section: string; rest: readonly string[] }) => {
  const [mod, setMod] = useState<AdminModule | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    void import('./admin/Admin.js').then(setMod, () => setFailed(true));
  }, []);
  if (failed)
    return (
      <p class="error" role="alert">
        The admin screens could not be loaded. Check the connection and reload the page.
      </p>
    );
  return mod ? (
    <mod.Admin section={section} rest={rest} />
  ) : (
    <p class="empty" aria-busy="true">
      Loading…
    </p>
  );
};

/** A password about to expire by age, said above every screen but the one that changes it, with the way there. */
const ExpiryReminder = () => {
  const text = expiryReminder(passwordExpiresAt.value, new Date());
  return text ? (
    <p class="notice expiry-reminder" role="status">
      {text}{' '}
      <a href="/app/password" onClick={(e) => goTo(e, '/app/password')}>
        Change it now
      </a>
    </p>
  ) : null;
};

const Workspace = () => {
  // Again with the new session when a password change renews it (see sessionEpoch).
  useEffect(() => followAgentStream(), [sessionEpoch.value]);
  useEffect(() => {
    void loadLabels();
    const back = () => document.visibilityState === 'visible' && void loadLabels();
    document.addEventListener('visibilitychange', back);
    const every = setInterval(back, 60_000);
    return () => {
      document.removeEventListener('visibilitychange', back);
      clearInterval(every);
    };
  }, []);
  useEffect(() => void loadWidgetNames(), []);
  useEffect(() => void loadPasswordExpiry(), []);
  useShortcuts();
  const chat = selected.value;
  const r = route.value;
  /**
   * What forgetting a visitor came to when the chat shown in the inbox went with their other ended chats: it leaves
   * the inbox, and this is said above it (with the focus, the dialog being gone) until another chat is chosen.
   */
  const [forgotten, setForgotten] = useState<{ said: string; at: string | null } | null>(null);
  const forgottenRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => forgottenRef.current?.focus(), [forgotten]);
  // Back to the list (a narrow screen's "← All chats"): the focus on the chat left, so Enter opens it again.
  useEffect(() => {
    if (showingList.value) document.querySelector<HTMLElement>('.chat-list [aria-current=true]')?.focus();
  }, [showingList.value]);
  return (
    <div class="shell">
      {/* The keyboard's first stop: past the top bar (and the admin menu) to the page's own content. */}
      <a class="skip-link" href="#content">
        Skip to content
      </a>
      <TopBar />
      <div class="shell-notices">
        <ErrorAlert message={notice.value} />
        {r.page !== 'password' && <ExpiryReminder />}
        {r.page === 'main' && forgotten && forgotten.at === selectedId.value && (
          <p ref={forgottenRef} class="notice" role="status" tabIndex={-1}>
            {forgotten.said}
          </p>
        )}
      </div>
      {r.page === 'admin' ? (
        <AdminArea section={r.section} rest={r.rest} />
      ) : r.page === 'password' ? (
        <OwnPassword />
      ) : r.page === 'history' ? (
        <History chatId={r.chatId} />
      ) : (
        <main
          id="content"
          tabIndex={-1}
          class={chat && showingVisitor.value ? 'workspace show-visitor' : 'workspace'}
          data-showing={chat && !showingList.value ? 'chat' : 'list'}
        >
          {/* The page's title for a screen reader: the list's and the chat's own headings follow it. */}
          <h1 class="visually-hidden">Inbox</h1>
          <ChatList />
          {chat ? <Conversation chat={chat} /> : <p class="empty">Select a chat.</p>}
          <VisitorPanel
            chat={chat?.chat ?? null}
            events={chat?.events}
            onHide={() => (showingVisitor.value = false)}
            onForgotten={(said, gone) => {
              if (!gone || !chat) return; // the panel says it
              dismiss(chat.id);
              showingVisitor.value = false;
              setForgotten({ said, at: selectedId.value });
            }}
          />
        </main>
      )}
      {showingHelp.value && <ShortcutHelp />}
    </div>
  );
};

/**
 * The console: sign-in (or sign-up: the first account's on a fresh server), then the agent's workspace; a mailed link's page (reset, invitation) or the
 * forgotten-password form when the address asks for one, whoever is signed in.
 */
export const App = () => {
  const r = route.value;
  const signedIn = Boolean(me.value);
  // The admin screen shown, named only where the role may open it.
  const role = me.value?.role;
  const sectionTitle = r.page === 'admin' && role ? sectionsFor(role).find((s) => s.id === openSectionId(role, r.section))?.title : null;
  useEffect(() => {
    document.title = pageTitle(r, { signedIn, unread: unreadTotal.value, sectionTitle });
  }, [r, signedIn, unreadTotal.value, sectionTitle]);
  if (r.page === 'forgot') return <ForgotPassword />;
  if (r.page === 'reset' || r.page === 'invite' || r.page === 'renew') return <SetPassword key={r.token} kind={r.page} token={r.token} />;
  if (me.value === undefined) return <p class="empty">Loading…</p>;
  if (!me.value) return r.page === 'signup' ? <SignUp /> : <SignIn />;
  return <Workspace />;
};
