import { LINK_ATTRIBUTES, textParts } from '@parley/design/links';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { cannedTrigger, fillPlaceholders, insertCanned, rankCanned, type CannedResponse, type CannedTrigger } from '../canned.js';
import type { ChatEvent, InboxChat } from '../model.js';
import { isManager, visitorLabel, visitorName } from '../model.js';
import {
  addNote,
  askToClose,
  closeChat,
  closeProblem,
  closingAsked,
  dismiss,
  keepDraft,
  keptDraft,
  labelName,
  markRead,
  me,
  notingIn,
  replyFocus,
  sendMessage,
  setNoting,
  showingList,
  showingVisitor,
  transferring,
  typing,
  widgetNames,
} from '../store.js';
import { CANNED_LIST_ID, CannedList, cannedOptionId } from './CannedList.js';
import { ChatLabels } from './ChatLabels.js';
import { TransferDialog } from './TransferDialog.js';
import { systemLine } from '../system-line.js';
import { isMessageLine } from '../transcript-text.js';
import { clockTime } from '../clock.js';
import { copyText } from '../clipboard.js';
import { ErrorAlert } from './alert.js';

/** A message's text with its web addresses as links, which open in a new tab. */
const Linked = ({ text }: { readonly text: string | null }) => (
  <>
    {textParts(text ?? '').map((p) =>
      p.href === undefined ? (
        p.text
      ) : (
        <a href={p.href} {...LINK_ATTRIBUTES}>
          {p.text}
        </a>
      ),
    )}
  </>
);

/**
 * The chat's events, oldest first; new ones are announced to screen readers while `live`. A long transcript
 * scrolls, so it takes the focus: a keyboard user scrolls it with the arrow keys. Live (the inbox), it keeps its
 * newest line in view; a record (the history) opens at its start and follows only the lines added to it (a note).
 */
export const Transcript = ({ events, live = false }: { events: readonly ChatEvent[]; live?: boolean }) => {
  const end = useRef<HTMLLIElement>(null);
  const shown = useRef(false);
  useEffect(() => {
    if (live || shown.current) end.current?.scrollIntoView({ block: 'end' });
    shown.current = true;
  }, [events.length]);
  return (
    <ol class="transcript" tabIndex={0} aria-label="Transcript" aria-live={live ? 'polite' : 'off'} aria-relevant="additions">
      {events.map((e) =>
        e.type === 'chat.note' ? (
          <li key={e.seq} class="msg msg-note">
            <span class="who">
              Note by {e.author?.alias ?? 'a colleague'} · only the team sees it · <time dateTime={e.at}>{clock(e.at)}</time>
            </span>
            <Linked text={e.text} />
          </li>
        ) : isMessageLine(e) ? (
          <li key={e.seq} class={`msg msg-${e.author?.kind ?? 'system'}`}>
            <span class="who">
              {e.author?.alias ?? 'Visitor'}
              {e.type === 'chat.offline' ? ' · offline request' : e.author?.kind === 'system' ? ' · invitation the visitor answered' : ''} ·{' '}
              <time dateTime={e.at}>{clock(e.at)}</time>
            </span>
            <Linked text={e.text} />
          </li>
        ) : (
          <li key={e.seq} class="msg msg-system">
            {systemText(e)} · <time dateTime={e.at}>{clock(e.at)}</time>
          </li>
        ),
      )}
      <li ref={end} aria-hidden="true" />
    </ol>
  );
};

const clock = (at: string): string => clockTime(new Date(at));

/** {@link systemLine} with the account's labels and the signed-in agent. */
const systemText = (e: ChatEvent): string => systemLine(e, { labelName, myId: me.value?.id });

/** What the visitor is typing, before they send it (sneak peek). */
const SneakPeek = ({ chat }: { chat: InboxChat }) =>
  chat.draft ? (
    <p class="sneak-peek" aria-live="off">
      <strong>{visitorName(chat)} is typing:</strong> {chat.draft}
    </p>
  ) : null;

/**
 * The canned responses for what the agent typed after `/` or `#`, asked of the server as they type (only
 * the newest answer counts) and ranked by shortcut; `open` while there is a trigger and something matches,
 * `none` once the answer to the trigger is that nothing does.
 */
const useCannedPicker = (widgetId: string | undefined) => {
  const [trigger, setTrigger] = useState<CannedTrigger | null>(null);
  const [items, setItems] = useState<CannedResponse[]>([]);
  const [answered, setAnswered] = useState(false);
  const [active, setActive] = useState(0);
  const asked = useRef(0);
  const look = (text: string, caret: number) => {
    const at = cannedTrigger(text, caret);
    setTrigger(at);
    const n = ++asked.current;
    if (!at) return setItems([]);
    setAnswered(false);
    void api
      .GET('/api/v1/canned-responses', {
        params: { query: { ...(at.query ? { q: at.query } : {}), limit: 20, ...(widgetId ? { widgetId } : {}) } },
      })
      .then(({ data }) => {
        if (n !== asked.current) return;
        setItems(rankCanned(data?.items ?? [], at.query));
        setAnswered(true);
        setActive(0);
      });
  };
  const close = () => {
    asked.current++;
    setTrigger(null);
    setItems([]);
  };
  const open = trigger !== null && items.length > 0;
  return { open, none: trigger !== null && answered && !open, trigger, items, active, setActive, look, close };
};

/** What `/` found nothing for: no response matches, or the account has none yet (and who adds them). */
const NoCanned = ({ query }: { readonly query: string }) => (
  <p class="canned-list canned-none" role="status">
    {query
      ? `No canned response matches “${query}”.`
      : `No canned responses yet: ${isManager(me.value) ? 'add them in Admin → Canned responses & labels' : 'an owner or admin adds them'}.`}
  </p>
);

/** What a {@link Composer} writes in: the chat, and whether it may reply to the visitor or only add notes. */
export interface ComposerTarget {
  readonly chatId: string;
  readonly widgetId: string | undefined;
  /** The visitor, whom the reply box's label names and the canned responses' `{visitor.name}` fills in. */
  readonly visitor: { readonly name?: string | null; readonly email?: string | null } | undefined;
  /** Notes only: the chat has ended, or it is not the agent's to answer. */
  readonly notesOnly: boolean;
  /** The note just stored (the history shows it, as no stream brings it there). */
  readonly onNote?: (e: ChatEvent) => void;
  /**
   * Whether the box takes the focus when the inbox opens its chat for a reply (`openForReply`); the history's
   * box never does, or a chat once opened in the inbox would take the focus from the history's list.
   */
  readonly inInbox: boolean;
}

/**
 * Enter sends, Shift+Enter starts a new line; `/` or `#` and a few letters offer the canned responses. The switch
 * above the box writes a note for the team instead of a reply: the box turns the notes' colour, says so, and tells
 * the visitor nothing (no typing indicator). What is written stays when switching, so a reply begun can become a
 * note. Replies and notes are kept apart: once the chat is no longer the agent's (notes only), a reply left unsent
 * is never put in the note box (the inbox shows it apart: {@link UnsentReply}).
 */
export const Composer = ({ target }: { target: ComposerTarget }) => {
  const { chatId, notesOnly } = target;
  const noting = notingIn.value.has(chatId);
  const note = notesOnly || noting;
  const kind = note ? 'note' : 'reply';
  // What the agent had written here before looking at another chat, if anything.
  const [text, setTextState] = useState(() => keptDraft(chatId, kind));
  const setText = (next: string) => {
    keepDraft(chatId, kind, next);
    setTextState(next);
  };
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  const caretAfterRender = useRef<number | null>(null);
  const canned = useCannedPicker(target.widgetId);
  useEffect(() => {
    if (caretAfterRender.current === null || !box.current) return;
    box.current.setSelectionRange(caretAfterRender.current, caretAfterRender.current);
    caretAfterRender.current = null;
  }, [text]);
  const focusAsked = replyFocus.value;
  const focusTaken = useRef(0);
  useEffect(() => {
    if (!target.inInbox || focusAsked.chatId !== chatId || focusAsked.n === focusTaken.current) return;
    focusTaken.current = focusAsked.n;
    if (matchMedia('(pointer: fine)').matches) box.current?.focus();
    // Without a mouse (a touch screen) the box would open the keyboard: the focus goes with the chat in the list.
    else if (document.activeElement?.closest('.chat-list')) document.querySelector<HTMLElement>('.chat-list [aria-current=true]')?.focus();
  }, [focusAsked, chatId]);
  const switchTo = (toNote: boolean) => {
    if (toNote === noting) return;
    // The text follows the switch: the agent turned it into a note (or back into a reply).
    keepDraft(chatId, kind, '');
    keepDraft(chatId, toNote ? 'note' : 'reply', text);
    setNoting(chatId, toNote);
    setError(null);
    box.current?.focus();
  };
  // The visitor was told the agent is typing a reply that is now a note (by the switch or Alt+N): no longer.
  const typedReply = useRef(false);
  useEffect(() => {
    if (note && typedReply.current) typing(chatId, '');
    typedReply.current = false;
  }, [note, chatId]);
  const pick = (r: CannedResponse) => {
    if (!canned.trigger) return;
    const filled = fillPlaceholders(r.text, { visitor: target.visitor?.name ?? '', agent: me.value?.name ?? '' });
    const next = insertCanned(text, canned.trigger, filled);
    caretAfterRender.current = next.caret;
    setText(next.text);
    canned.close();
  };
  const send = async () => {
    const t = text.trim();
    if (!t || busy) return;
    setBusy(true);
    let failed: string | null;
    if (note) {
      const answer = await addNote(chatId, t);
      failed = answer.problem;
      if (answer.event) target.onNote?.(answer.event);
    } else failed = await sendMessage(chatId, t);
    setBusy(false);
    setError(failed);
    if (!failed) setText('');
  };
  return (
    <form
      class={note ? 'composer composer-note' : 'composer'}
      onSubmit={(ev) => {
        ev.preventDefault();
        void send();
      }}
    >
      {!notesOnly && (
        <fieldset class="composer-mode">
          <legend class="visually-hidden">Write</legend>
          <button type="button" class="btn" aria-pressed={!noting} onClick={() => switchTo(false)}>
            Reply
          </button>
          <button type="button" class="btn" aria-pressed={noting} onClick={() => switchTo(true)} aria-keyshortcuts="Alt+N">
            Note
          </button>
        </fieldset>
      )}
      <label class="visually-hidden" for="reply">
        {note ? 'Note for the team (the visitor does not see it)' : `Reply to ${visitorLabel(target.visitor)}`}
      </label>
      {canned.open && <CannedList items={canned.items} active={canned.active} onPick={pick} />}
      {canned.none && canned.trigger && <NoCanned query={canned.trigger.query} />}
      <textarea
        id="reply"
        ref={box}
        value={text}
        placeholder={note ? 'Note for the team, never shown to the visitor (Enter adds it)' : 'Reply (Enter sends, / for canned responses)'}
        aria-autocomplete="list"
        aria-controls={canned.open ? CANNED_LIST_ID : undefined}
        aria-activedescendant={canned.open ? cannedOptionId(canned.items[canned.active]!) : undefined}
        onInput={(ev) => {
          const el = ev.currentTarget as HTMLTextAreaElement;
          setText(el.value);
          canned.look(el.value, el.selectionStart);
          if (!note) {
            typing(chatId, el.value.trim() ? 'typing' : '');
            typedReply.current = el.value.trim() !== '';
          }
        }}
        onFocus={() => markRead(chatId)}
        onBlur={canned.close}
        onKeyDown={(ev) => {
          if (canned.open && !ev.isComposing) {
            const n = canned.items.length;
            const moves: Record<string, () => void> = {
              ArrowDown: () => canned.setActive((canned.active + 1) % n),
              ArrowUp: () => canned.setActive((canned.active - 1 + n) % n),
              Enter: () => pick(canned.items[canned.active]!),
              Tab: () => pick(canned.items[canned.active]!),
              Escape: canned.close,
            };
            const move = moves[ev.key];
            if (move && !(ev.key === 'Enter' && ev.shiftKey)) {
              ev.preventDefault();
              ev.stopPropagation();
              return move();
            }
          }
          if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
            ev.preventDefault();
            void send();
          }
        }}
      />
      <button class="btn btn-primary" type="submit" disabled={busy || !text.trim()}>
        {note ? 'Add note' : 'Send'}
      </button>
      <ErrorAlert message={error} />
    </form>
  );
};

/**
 * A reply the agent was writing when the chat stopped being theirs (passed on, back to the queue, closed): the visitor
 * never got it. Shown apart from the note box, so it is not added as a note by mistake, with a way to copy it (to send
 * it elsewhere) or to discard it.
 */
const UnsentReply = ({ chatId }: { readonly chatId: string }) => {
  const [text, setText] = useState(() => keptDraft(chatId, 'reply'));
  const [said, setSaid] = useState<string | null>(null);
  if (!text.trim()) return null;
  const copy = async () => setSaid((await copyText(text)) ? 'Copied.' : 'Your browser did not allow copying: select the text to copy it.');
  return (
    <div class="unsent-reply" role="group" aria-labelledby={`unsent-${chatId}`}>
      <p id={`unsent-${chatId}`}>
        <strong>Your reply was not sent</strong>: the chat is no longer yours.
      </p>
      <blockquote>{text}</blockquote>
      <div class="unsent-reply-tools">
        <button class="btn" type="button" onClick={() => void copy()}>
          Copy reply
        </button>
        <button
          class="btn"
          type="button"
          onClick={() => {
            keepDraft(chatId, 'reply', '');
            setText('');
          }}
        >
          Discard
        </button>
        <span role="status">{said}</span>
      </div>
    </div>
  );
};

/**
 * Asks, under the chat's buttons, before closing a chat nobody has answered yet (see askToClose). Cancel has the
 * focus, so Enter pressed at once keeps the chat; Escape cancels too. Either way the focus goes back where it was
 * (the reply box, Close chat, the list), and "Close anyway" puts it there before the close, whose focus rules then
 * apply as for a close at once.
 */
const CloseAsk = ({ chat }: { chat: InboxChat }) => {
  const cancel = useRef<HTMLButtonElement>(null);
  // Before the browser paints the question, so that it and the focus arrive together.
  useLayoutEffect(() => cancel.current?.focus(), []);
  const back = () => {
    const from = closingAsked.value?.from;
    closingAsked.value = null;
    (from?.isConnected ? from : document.getElementById('reply'))?.focus();
  };
  return (
    <div
      class="close-ask"
      role="group"
      aria-labelledby="close-ask-title"
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return;
        e.preventDefault();
        back();
      }}
    >
      <p id="close-ask-title">Nobody has answered {visitorName(chat)} yet. Close the chat anyway?</p>
      <button ref={cancel} class="btn" type="button" onClick={back}>
        Cancel
      </button>
      <button
        class="btn btn-danger"
        type="button"
        onClick={() => {
          back();
          void closeChat(chat.id);
        }}
      >
        Close anyway
      </button>
    </div>
  );
};

/** The open chat: transcript, sneak peek, reply box, close. */
export const Conversation = ({ chat }: { chat: InboxChat }) => {
  const problem =
    closeProblem.value?.chatId === chat.id && closeProblem.value.code !== 'label_required' ? closeProblem.value.message : null;
  // Closed (Close chat, Alt+X), the chat's buttons and reply box make way for others, taking the focus with them: it
  // goes back to the box (now for notes) if it was there, else to Dismiss, in Close chat's place.
  const dismissButton = useRef<HTMLButtonElement>(null);
  const wasWriting = useRef(false);
  wasWriting.current = document.activeElement?.id === 'reply';
  const was = useRef(chat);
  useEffect(() => {
    const ended = was.current.id === chat.id && !was.current.ended && chat.ended;
    was.current = chat;
    const lost = document.activeElement === document.body || document.activeElement?.id === 'reply';
    if (ended && lost) (wasWriting.current ? document.getElementById('reply') : dismissButton.current)?.focus();
  }, [chat.id, chat.ended]);
  return (
    <section class="conversation" aria-labelledby="conversation-title">
      <header>
        {/* Narrow screens only, where the list and the chat take turns (as in the history). */}
        <button
          class="btn inbox-back"
          type="button"
          onClick={() => {
            showingVisitor.value = false;
            showingList.value = true;
          }}
        >
          ← All chats
        </button>
        <h2 id="conversation-title">
          {visitorName(chat)}
          {chat.chat && widgetNames.value.has(chat.chat.widgetId) && (
            <span class="conversation-widget"> on {widgetNames.value.get(chat.chat.widgetId)}</span>
          )}
        </h2>
        {/* Narrow screens only (the stylesheet hides it beside the visitor's column). */}
        <button
          class="btn visitor-toggle"
          type="button"
          aria-expanded={showingVisitor.value}
          aria-controls="visitor-panel"
          onClick={() => (showingVisitor.value = !showingVisitor.value)}
        >
          Visitor
        </button>
        {chat.ended ? (
          <button ref={dismissButton} class="btn" type="button" onClick={() => dismiss(chat.id)}>
            Dismiss
          </button>
        ) : (
          <>
            <button class="btn" type="button" onClick={() => (transferring.value = true)} aria-keyshortcuts="Alt+T">
              Transfer
            </button>
            <button class="btn btn-danger" type="button" onClick={() => askToClose(chat.id)} aria-keyshortcuts="Alt+X">
              Close chat
            </button>
          </>
        )}
        {closingAsked.value?.chatId === chat.id && !chat.ended && <CloseAsk key={chat.id} chat={chat} />}
        <ErrorAlert message={problem} />
      </header>
      <ChatLabels chat={chat} />
      <Transcript events={chat.events} live />
      <SneakPeek chat={chat} />
      {chat.ended && (
        <p class="empty">
          {chat.ended === 'transferred'
            ? 'You passed this chat on: it goes on without you.'
            : chat.ended === 'returned'
              ? 'This chat went back to the queue: it goes on without you.'
              : `This chat has ended (${chat.ended}).`}{' '}
          Notes for the team can still be added.
        </p>
      )}
      {chat.ended && <UnsentReply key={chat.id} chatId={chat.id} />}
      <Composer
        key={`${chat.id}:${chat.ended ? 'ended' : 'open'}`}
        target={{
          chatId: chat.id,
          widgetId: chat.chat?.widgetId,
          visitor: chat.chat?.visitor,
          notesOnly: chat.ended !== null,
          inInbox: true,
        }}
      />
      {transferring.value && !chat.ended && <TransferDialog chat={chat} onClose={() => (transferring.value = false)} />}
    </section>
  );
};
