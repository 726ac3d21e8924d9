import type { ComponentChildren } from 'preact';
import { DateRangeFields } from './date-range.js';
import { useEffect, useRef, useState } from 'preact/hooks';
import { problemMessage, type Schemas } from '@parley/api-client';
import { allUsers, api, allWidgets } from '../api.js';
import { mayDeleteChat } from '../chat-deletion.js';
import { dateTime as when, shortWhen } from '../clock.js';
import { copyText } from '../clipboard.js';
import { goTo } from './links.js';
import { type HistoryFilters, historyFiltersOf, historyHref, historySearchOf } from '../history-filters.js';
import { CHAT_STATUS_LABEL, type Chat, type ChatEvent, DELETED_USER, isManager, userName, visitorLabel } from '../model.js';
import { handledMarks, labelName, labels, me, navigate, route, setHandled } from '../store.js';
import { SupervisorActions } from './SupervisorActions.js';
import { transcriptText } from '../transcript-text.js';
import { Composer, Transcript } from './Conversation.js';
import { LabelChips } from './LabelChip.js';
import { VisitorPanel } from './VisitorPanel.js';
import { NamedSelect, WidgetSelect } from './widget-select.js';
import { ErrorAlert } from './alert.js';
import { ConfirmDialog } from './admin/ConfirmDialog.js';

type Widget = { id: string; name: string };
type ListedChat = Schemas['ListedChat'];
type Filters = HistoryFilters;

/** How long the search waits after the last keystroke before asking the server. */
const SEARCH_DELAY_MS = 300;

/** A day's start or end in the browser's time zone, as the API's ISO instant. */
const dayBound = (date: string, end: boolean) =>
  date ? new Date(`${date}T${end ? '23:59:59.999' : '00:00:00'}`).toISOString() : undefined;

/** The visitor's rating of the chat and their comment. */
const SurveyAnswer = ({ survey }: { survey: NonNullable<Chat['survey']> }) => (
  <section class="survey-answer" aria-labelledby="survey-title">
    <h3 id="survey-title">Visitor’s rating</h3>
    <p>
      <span class="stars" aria-hidden="true">
        {'★'.repeat(survey.score)}
        {'☆'.repeat(5 - survey.score)}
      </span>{' '}
      {survey.score} of 5
    </p>
    {survey.comment && <blockquote>{survey.comment}</blockquote>}
  </section>
);

/** Whether an offline request was handled (and when), with the button that marks it handled or not. */
const HandledState = ({ chat, busy, onToggle }: { chat: Chat; busy: boolean; onToggle: () => void }) => (
  <>
    <span class={chat.handledAt ? 'handled-state is-handled' : 'handled-state'}>
      {chat.handledAt ? `Handled ${when(chat.handledAt)}` : 'Not handled yet'}
    </span>
    <button class="btn handled-toggle" type="button" disabled={busy} onClick={onToggle}>
      {chat.handledAt ? 'Mark not handled' : 'Mark handled'}
      <span class="visually-hidden"> (request of {chat.visitor.name || chat.visitor.email || 'a visitor'})</span>
    </button>
  </>
);

/**
 * Copies the chat as plain text (see transcriptText), to paste into a ticket or an e-mail, and says so; where the
 * browser refuses the clipboard, says that instead. `children` are the bar's other tools.
 */
const CopyTranscript = ({
  chat,
  events,
  children,
}: {
  readonly chat: Chat;
  readonly events: readonly ChatEvent[];
  readonly children?: ComponentChildren;
}) => {
  const [said, setSaid] = useState<string | null>(null);
  const copy = async () => {
    const copied = await copyText(transcriptText(chat, events, labelName));
    setSaid(copied ? 'Copied: paste it into a ticket or an e-mail.' : 'Your browser did not allow copying.');
  };
  return (
    <div class="transcript-tools">
      <button class="btn" type="button" onClick={() => void copy()}>
        Copy transcript
      </button>
      <span class="copied" role="status">
        {said}
      </span>
      {children}
    </div>
  );
};

/**
 * Deletes an ended chat for good (a visitor's request to erase their data), after a confirmation saying what goes and
 * that the audit log keeps a record of it; Cancel is focused first, and gives the focus back to the button. A chat
 * someone else deleted meanwhile (404) is gone all the same; any other refusal (409: the chat was reopened) shows in
 * the dialog. `onDeleted` says what to show once it is gone.
 */
const DeleteChat = ({ chat, onDeleted }: { readonly chat: Chat; readonly onDeleted: (said: string) => void }) => {
  const [asking, setAsking] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const remove = async (): Promise<string | null> => {
    const { error, response } = await api.DELETE('/api/v1/chats/{id}', { params: { path: { id: chat.id } } });
    if (response.status === 404) onDeleted('This chat had already been deleted.');
    else if (response.ok) onDeleted('Chat deleted.');
    else return problemMessage(error, 'The chat could not be deleted. Try again.');
    return null;
  };
  return (
    <>
      <button ref={button} class="btn btn-danger transcript-delete" type="button" onClick={() => setAsking(true)}>
        Delete chat
      </button>
      {asking && (
        <ConfirmDialog
          title="Delete this chat for good?"
          action="Delete chat"
          focusCancel
          onConfirm={remove}
          onClose={() => {
            setAsking(false);
            button.current?.focus();
          }}
        >
          <p>
            The chat with {visitorLabel(chat.visitor)}, started {when(chat.createdAt)}, is removed for good: its messages and notes, the
            visitor’s details and its search entries. This cannot be undone.
          </p>
          <p>The audit log keeps a record that you deleted it, without its messages or the visitor’s details.</p>
        </ConfirmDialog>
      )}
    </>
  );
};

/**
 * Past chats and offline requests of the agent's widgets (supervisors and up: all), newest first, filtered
 * by status, widget, label and date and searched by words (each hit shows what matched), paged with the
 * server's cursor, with the visitor's rating; offline requests show whether they were handled, with a button
 * to mark them (other agents' marks arrive live on the stream), and can be filtered by it; any one opens with its whole transcript and the rating's
 * comment. Only the newest request's answer is shown, so a slow answer to an older search never replaces a
 * newer one. The address keeps the filters and the open chat (`/app/history/<chatId>?status=closed`), so a
 * reload, Back and Forward, and a link (the monitor's to a transcript) show the same. Supervisors, admins and owners may
 * take over, reassign or close a colleague's open chat from its transcript (SupervisorActions). Owners and admins may delete an
 * ended chat for good from its transcript, or forget its visitor (every ended chat of theirs) from the visitor panel:
 * the list then shows without them, saying so.
 */
export const History = ({ chatId }: { chatId: string | null }) => {
  const [widgets, setWidgets] = useState<Widget[]>([]);
  const [filters, setFilters] = useState<Filters>(() => historyFiltersOf(location.search));
  const [search, setSearch] = useState(filters.q);
  const [items, setItems] = useState<ListedChat[]>([]);
  const asked = useRef(0);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<{ chat: Chat; events: ChatEvent[] } | null>(null);
  /** The reading pane: each chat opened there starts at its top (its name, the visitor, the first lines). */
  const view = useRef<HTMLElement>(null);
  useEffect(() => view.current?.scrollTo(0, 0), [open?.chat.id]);
  /** The account's users by name, for the agent filter and column (empty if they could not be listed). */
  const [users, setUsers] = useState<{ id: string; name: string }[]>([]);

  useEffect(() => {
    void allWidgets().then((all) => setWidgets(all ?? []));
    void allUsers().then((all) =>
      setUsers((all ?? []).map((u) => ({ id: u.id, name: userName(u) })).sort((a, b) => a.name.localeCompare(b.name))),
    );
  }, []);

  useEffect(() => {
    const timer = setTimeout(() => setFilters((f) => (f.q === search.trim() ? f : { ...f, q: search.trim() })), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [search]);

  const load = async (cursor: string | null) => {
    const n = ++asked.current;
    const { data, error: e } = await api.GET('/api/v1/chats', {
      params: {
        query: {
          ...(filters.q ? { q: filters.q } : {}),
          ...(filters.label ? { label: filters.label } : {}),
          ...(filters.handled ? { handled: filters.handled } : {}),
          ...(filters.visitor ? { visitorKey: filters.visitor } : {}),
          ...(filters.status ? { status: filters.status } : {}),
          ...(filters.widgetId ? { widgetId: filters.widgetId } : {}),
          ...(filters.agentId ? { agentId: filters.agentId } : {}),
          ...(filters.from ? { from: dayBound(filters.from, false) } : {}),
          ...(filters.to ? { to: dayBound(filters.to, true) } : {}),
          ...(cursor ? { cursor } : {}),
          limit: 50,
        },
      },
    });
    if (n !== asked.current) return;
    if (e || !data) return setError(problemMessage(e));
    setError(null);
    setItems((prev) => (cursor ? [...prev, ...data.items] : data.items));
    setNext(data.nextCursor ?? null);
  };

  useEffect(() => void load(null), [filters]);
  // The filters go into the address in place (Back leaves the history, not each keystroke of a search).
  useEffect(() => {
    const href = historyHref(chatId, filters);
    if (href !== location.pathname + location.search) navigate(href, true);
  }, [filters]);

  const [openError, setOpenError] = useState<string | null>(null);
  /** What became of the last chat deleted here ("Chat deleted.", or its visitor's forgetting), until another one opens. */
  const [notice, setNotice] = useState<string | null>(null);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  // The focus was in the dialog, now gone with the transcript: it goes to the message, at the top of the list.
  useEffect(() => noticeRef.current?.focus(), [notice]);
  /** Reads the open chat (again), unless another one was opened meanwhile. */
  const read = (id: string, current: () => boolean) =>
    void api.GET('/api/v1/chats/{id}', { params: { path: { id } } }).then(({ data, error: e }) => {
      if (!current()) return;
      if (e || !data?.chat) return setOpenError(problemMessage(e));
      setOpen({ chat: data.chat, events: data.events ?? [] });
    });
  useEffect(() => {
    let current = true;
    setOpenError(null);
    setOpen(null);
    if (!chatId) return;
    setNotice(null);
    read(chatId, () => current);
    return () => {
      current = false;
    };
  }, [chatId]);
  /** Opens a chat's transcript: a new address, so that Back goes to the one open before. */
  const show = (id: string) => navigate(historyHref(id, filters));
  /** A chat deleted for good: off the list, and its address replaced, so that Back does not lead to it. */
  const deleted = (id: string, said: string) => {
    setItems((all) => all.filter((c) => c.id !== id));
    setOpen(null);
    setNotice(said);
    navigate(historyHref(null, filters), true);
  };

  /** A chat as the page loaded it, with any handled mark made since (here, or live in another console). */
  const current = <T extends Chat>(c: T): T => {
    const mark = handledMarks.value.get(c.id);
    return mark ? { ...c, ...mark } : c;
  };
  const [marking, setMarking] = useState<string | null>(null);
  const toggleHandled = async (c: Chat) => {
    setMarking(c.id);
    const answer = await setHandled(c.id, !current(c).handledAt);
    setMarking(null);
    if (typeof answer === 'string') setError(answer);
    else setError(null);
  };

  const set = (k: keyof Filters) => (ev: Event) => setFilters({ ...filters, [k]: (ev.currentTarget as HTMLInputElement).value });
  const [showFilters, setShowFilters] = useState(false);
  const filtersSet = (['status', 'widgetId', 'agentId', 'label', 'from', 'to', 'handled'] as const).filter((k) => filters[k]).length;
  const widgetName = (id: string) => widgets.find((w) => w.id === id)?.name ?? '';
  const agentName = (id: string | null | undefined) => (id ? (users.find((u) => u.id === id)?.name ?? DELETED_USER) : '—');

  return (
    // On a narrow screen one of the two shows at a time, the whole height: the list, or the chat chosen in it.
    <main class="history" id="content" tabIndex={-1} data-showing={chatId ? 'chat' : 'list'}>
      <section class="history-list" aria-labelledby="history-title">
        <h1 id="history-title">History</h1>
        {notice && (
          <p ref={noticeRef} class="saved history-notice" role="status" tabIndex={-1}>
            {notice}
          </p>
        )}
        <div class="field history-search">
          <label for="f-q">Search</label>
          <input
            id="f-q"
            type="search"
            placeholder="Visitor or words of a message"
            value={search}
            onInput={(ev) => setSearch((ev.currentTarget as HTMLInputElement).value)}
          />
        </div>
        {/* Narrow screens only (the stylesheet hides it otherwise): the filters fold away under the search. */}
        <button
          class="btn filters-toggle"
          type="button"
          aria-expanded={showFilters}
          aria-controls="history-filters"
          onClick={() => setShowFilters(!showFilters)}
        >
          Filters{filtersSet ? ` (${filtersSet} set)` : ''}
        </button>
        <div class="filters" id="history-filters" data-open={showFilters ? 'true' : undefined}>
          <div class="field">
            <label for="f-status">Status</label>
            <select id="f-status" value={filters.status} onChange={set('status')}>
              <option value="">Any</option>
              {Object.entries(CHAT_STATUS_LABEL).map(([v, l]) => (
                <option value={v}>{l}</option>
              ))}
            </select>
          </div>
          <WidgetSelect
            id="f-widget"
            widgets={widgets}
            value={filters.widgetId}
            any
            onChange={(widgetId) => setFilters({ ...filters, widgetId })}
          />
          {users.length > 0 && (
            <NamedSelect
              id="f-agent"
              label="Agent"
              choices={users}
              value={filters.agentId}
              any="Any agent"
              onChange={(agentId) => setFilters({ ...filters, agentId })}
            />
          )}
          <div class="field">
            <label for="f-label">Label</label>
            <select id="f-label" value={filters.label} onChange={set('label')}>
              <option value="">Any</option>
              {labels.value.map((l) => (
                <option value={l.id}>{l.name}</option>
              ))}
            </select>
          </div>
          <DateRangeFields idPrefix="f" from={filters.from} to={filters.to} nothing="no chat" onFrom={set('from')} onTo={set('to')} />
          <div class="field">
            <label for="f-handled">Offline requests</label>
            <select id="f-handled" value={filters.handled} onChange={set('handled')}>
              <option value="">Any chat</option>
              <option value="false">Not handled</option>
              <option value="true">Handled</option>
            </select>
          </div>
        </div>
        {filters.visitor && (
          <p class="history-visitor">
            Chats of one visitor (started from the same browser).{' '}
            <button type="button" onClick={() => setFilters({ ...filters, visitor: '' })}>
              Show every visitor
            </button>
          </p>
        )}
        <ErrorAlert message={error} />
        {/* Six columns are wider than a phone: the table scrolls sideways there, not the page. */}
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Chats">
          <table>
            <thead>
              <tr>
                <th scope="col">Visitor</th>
                <th scope="col">Widget</th>
                <th scope="col">Agent</th>
                <th scope="col">Started</th>
                <th scope="col">Status</th>
                <th scope="col">Rating</th>
              </tr>
            </thead>
            <tbody>
              {items.map(current).map((c) => (
                <tr key={c.id}>
                  <td>
                    {/* A link: a middle click or Ctrl+click opens the transcript in a new tab. */}
                    <a
                      href={historyHref(c.id, filters)}
                      aria-current={c.id === chatId ? 'true' : undefined}
                      onClick={(e) => {
                        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
                        e.preventDefault();
                        show(c.id);
                      }}
                    >
                      {c.visitor.name || c.visitor.email || 'Visitor'}
                    </a>
                    {c.match && <p class="hit">{c.match.snippet}</p>}
                    {c.kind === 'offline' && c.question && !c.match && <p class="hit">{c.question}</p>}
                    <LabelChips ids={c.labels ?? []} />
                  </td>
                  <td>{widgetName(c.widgetId)}</td>
                  <td>{agentName(c.agentId)}</td>
                  <td class="history-when">
                    <time dateTime={c.createdAt} title={when(c.createdAt)}>
                      {shortWhen(new Date(c.createdAt))}
                    </time>
                  </td>
                  <td>
                    {CHAT_STATUS_LABEL[c.status] ?? c.status}
                    {c.kind === 'offline' && <HandledState chat={c} busy={marking === c.id} onToggle={() => void toggleHandled(c)} />}
                  </td>
                  <td>{c.survey ? `${c.survey.score} of 5` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {items.length === 0 && !error && (
          <p class="empty">
            {filters.handled === 'false'
              ? 'No offline request is waiting to be handled.'
              : historySearchOf(filters) === ''
                ? 'No chats yet. Every chat and offline request of the widgets you may see is listed here, the newest first.'
                : 'No chats match.'}
          </p>
        )}
        {next && (
          <button class="btn" type="button" onClick={() => void load(next)}>
            Load more
          </button>
        )}
      </section>
      <section class="history-view" aria-label="Transcript of the chosen chat" ref={view}>
        {open ? (
          <>
            <header class="history-title">
              <a class="history-back" href={historyHref(null, filters)} onClick={(e) => goTo(e, historyHref(null, filters))}>
                ← All chats
              </a>
              <h2>{open.chat.visitor.name || open.chat.visitor.email || 'Visitor'}</h2>
              <p>
                {widgetName(open.chat.widgetId)} · {CHAT_STATUS_LABEL[open.chat.status] ?? open.chat.status} · {when(open.chat.createdAt)}
              </p>
            </header>
            <VisitorPanel
              chat={current(open.chat)}
              events={open.events}
              onForgotten={(said, gone) => {
                // The visitor's ended chats are gone from the list too; this one, if it had ended, with its view.
                if (gone) deleted(open.chat.id, said);
                void load(null);
              }}
            />
            {open.chat.kind === 'offline' && (
              <div class="handled-bar">
                <HandledState chat={current(open.chat)} busy={marking === open.chat.id} onToggle={() => void toggleHandled(open.chat)} />
              </div>
            )}
            {open.chat.survey && <SurveyAnswer survey={open.chat.survey} />}
            <CopyTranscript chat={open.chat} events={open.events}>
              {mayDeleteChat(me.value, open.chat) && <DeleteChat chat={open.chat} onDeleted={(said) => deleted(open.chat.id, said)} />}
            </CopyTranscript>
            {open.chat.kind !== 'offline' && (isManager(me.value) || me.value?.role === 'supervisor') && (
              <SupervisorActions
                key={open.chat.id}
                chat={open.chat}
                agentName={agentName(open.chat.agentId)}
                onChanged={() => {
                  read(open.chat.id, () => route.value.page === 'history' && route.value.chatId === open.chat.id);
                  void load(null);
                }}
              />
            )}
            <Transcript key={open.chat.id} events={open.events} />
            <Composer
              key={open.chat.id}
              target={{
                chatId: open.chat.id,
                widgetId: open.chat.widgetId,
                visitor: open.chat.visitor,
                notesOnly: true,
                inInbox: false,
                onNote: (e) =>
                  setOpen((o) =>
                    o && o.chat.id === e.chatId && !o.events.some((x) => x.seq === e.seq) ? { ...o, events: [...o.events, e] } : o,
                  ),
              }}
            />
          </>
        ) : openError ? (
          <p class="error" role="alert">
            This chat could not be opened: {openError}
          </p>
        ) : chatId ? (
          <p class="empty" aria-busy="true">
            Loading the transcript…
          </p>
        ) : (
          <p class="empty">Choose a chat to read its transcript.</p>
        )}
      </section>
    </main>
  );
};
