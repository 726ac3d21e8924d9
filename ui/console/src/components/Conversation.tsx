import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatEvent, InboxChat } from '../model.js';
import { visitorName } from '../model.js';
import { closeChat, dismiss, markRead, sendMessage, transferring, typing } from '../store.js';
import { TransferDialog } from './TransferDialog.js';

/** The chat's events, oldest first; new ones are announced to screen readers while `live`. */
export const Transcript = ({ events, live = false }: { events: readonly ChatEvent[]; live?: boolean }) => {
  const end = useRef<HTMLLIElement>(null);
  useEffect(() => end.current?.scrollIntoView({ block: 'end' }), [events.length]);
  return (
    <ol class="transcript" aria-label="Transcript" aria-live={live ? 'polite' : 'off'} aria-relevant="additions">
      {events.map((e) =>
        e.type === 'chat.message' ? (
          <li key={e.seq} class={`msg msg-${e.author?.kind ?? 'system'}`}>
            <span class="who">
              {e.author?.alias ?? 'Visitor'} · <time dateTime={e.at}>{clock(e.at)}</time>
            </span>
            {e.text}
          </li>
        ) : (
          <li key={e.seq} class="msg msg-system">
            {systemLine(e.type)} · <time dateTime={e.at}>{clock(e.at)}</time>
          </li>
        ),
      )}
      <li ref={end} aria-hidden="true" />
    </ol>
  );
};

const clock = (at: string): string => new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

const systemLine = (type: string): string =>
  ({
    'chat.queued': 'The chat started.',
    'chat.assigned': 'The chat was assigned.',
    'chat.transferred': 'The chat was transferred.',
    'chat.closed': 'The chat was closed.',
    'chat.abandoned': 'The visitor left before an agent answered.',
    'chat.offline': 'Offline request.',
  })[type] ?? type;

/** What the visitor is typing, before they send it (sneak peek). */
const SneakPeek = ({ chat }: { chat: InboxChat }) =>
  chat.draft ? (
    <p class="sneak-peek" aria-live="off">
      <strong>{visitorName(chat)} is typing:</strong> {chat.draft}
    </p>
  ) : null;

/** Enter sends, Shift+Enter starts a new line. */
const Composer = ({ chat }: { chat: InboxChat }) => {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async () => {
    const t = text.trim();
    if (!t || busy) return;
    setBusy(true);
    const failed = await sendMessage(chat.id, t);
    setBusy(false);
    setError(failed);
    if (!failed) setText('');
  };
  return (
    <form
      class="composer"
      onSubmit={(ev) => {
        ev.preventDefault();
        void send();
      }}
    >
      <label class="visually-hidden" for="reply">
        Reply to {visitorName(chat)}
      </label>
      <textarea
        id="reply"
        value={text}
        placeholder="Type a reply. Enter sends, Shift+Enter for a new line."
        onInput={(ev) => {
          const value = (ev.currentTarget as HTMLTextAreaElement).value;
          setText(value);
          typing(chat.id, value.trim() ? 'typing' : '');
        }}
        onFocus={() => markRead(chat.id)}
        onKeyDown={(ev) => {
          if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
            ev.preventDefault();
            void send();
          }
        }}
      />
      <button class="btn btn-primary" type="submit" disabled={busy || !text.trim()}>
        Send
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
};

/** The open chat: transcript, sneak peek, reply box, close. */
export const Conversation = ({ chat }: { chat: InboxChat }) => {
  const [error, setError] = useState<string | null>(null);
  return (
    <section class="conversation" aria-labelledby="conversation-title">
      <header>
        <h2 id="conversation-title">{visitorName(chat)}</h2>
        {chat.ended ? (
          <button class="btn" type="button" onClick={() => dismiss(chat.id)}>
            Dismiss
          </button>
        ) : (
          <>
            <button class="btn" type="button" onClick={() => (transferring.value = true)} aria-keyshortcuts="Alt+T">
              Transfer
            </button>
            <button class="btn btn-danger" type="button" onClick={async () => setError(await closeChat(chat.id))} aria-keyshortcuts="Alt+X">
              Close chat
            </button>
          </>
        )}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </header>
      <Transcript events={chat.events} live />
      <SneakPeek chat={chat} />
      {chat.ended ? <p class="empty">This chat has ended ({chat.ended}).</p> : <Composer key={chat.id} chat={chat} />}
      {transferring.value && !chat.ended && <TransferDialog chat={chat} onClose={() => (transferring.value = false)} />}
    </section>
  );
};
