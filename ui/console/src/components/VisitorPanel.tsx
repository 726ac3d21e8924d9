import { type ComponentChildren, Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { exportedText, exportFileName, forgottenText, mayHandleVisitorData, visitorDataBody } from '../chat-deletion.js';
import { saveFile } from '../download.js';
import { shortWhen } from '../clock.js';
import { historyHref, historyFiltersOf } from '../history-filters.js';
import { CHAT_STATUS_LABEL, type Chat, type ChatEvent } from '../model.js';
import { latestPage, leftAt, pageTextParts } from '../visitor-page.js';
import { problemMessage } from '@parley/api-client';
import { me, widgetNames } from '../store.js';
import { ConfirmDialog } from './admin/ConfirmDialog.js';
import { goTo } from './links.js';
import { useNow } from './use-now.js';
import { visitorPlace } from '../visitor-place.js';
import { visitorLocalTime } from '../visitor-time.js';

/**
 * A page's address as a link that opens in a new tab (only http and https: nothing a visitor sent runs here), written
 * so that a line breaks between its path's segments rather than anywhere ({@link pageTextParts}).
 */
const pageLink = (url: string | null | undefined): ComponentChildren =>
  url && /^https?:\/\//i.test(url) ? (
    <a href={url} target="_blank" rel="noopener noreferrer">
      {pageTextParts(url).map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </a>
  ) : (
    url
  );

/**
 * Blocks the visitor of a chat from its widget (their address), after a confirmation: for spam and abuse. The
 * chat's agent and supervisors, admins and owners see it; the server closes the chat with it.
 */
const BlockVisitor = ({ chat }: { chat: Chat }) => {
  const [asking, setAsking] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const user = me.value;
  const ip = chat.visitor.ip;
  if (!user || !ip || (chat.agentId !== user.id && user.role === 'agent')) return null;
  const widget = widgetNames.value.get(chat.widgetId) ?? 'this widget';
  const block = async (): Promise<string | null> => {
    const { data, error } = await api.POST('/api/v1/chats/{id}/block-visitor', { params: { path: { id: chat.id } } });
    if (error || !data) return problemMessage(error, 'The visitor could not be blocked. Try again.');
    setDone(`Blocked ${data.blocked} on ${widget}. An admin can lift it under Admin → Widgets → Sites & visitors.`);
    return null;
  };
  return (
    <div class="block-visitor">
      {done ? (
        <p role="status">{done}</p>
      ) : (
        <button class="btn btn-danger" type="button" onClick={() => setAsking(true)}>
          Block visitor
        </button>
      )}
      {asking && (
        <ConfirmDialog title="Block this visitor?" action="Block and close the chat" onConfirm={block} onClose={() => setAsking(false)}>
          <p>
            Visitors from {ip} will no longer be able to start a chat or leave a request on {widget}; this chat closes. The audit log
            records that you did it, and an admin can lift the block.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
};

/**
 * Saves everything stored of the chat's visitor (their request to see it) as a JSON file: every chat and offline
 * request of theirs, found by the chat's e-mail address and browser key, open ones too (`…/export-visitor`, audited).
 * Owners and admins, of a visitor with either. Says below the button how many chats the file holds, or why it failed.
 */
const ExportVisitor = ({ chat }: { chat: Chat }) => {
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<{ text: string; failed: boolean } | null>(null);
  if (!mayHandleVisitorData(me.value, chat.visitor)) return null;
  const save = async () => {
    setBusy(true);
    setSaid(null);
    const { data, error } = await api.POST('/api/v1/chats/export-visitor', { body: visitorDataBody(chat.visitor) }).catch(() => ({
      data: undefined,
      error: undefined,
    }));
    setBusy(false);
    if (error || !data) {
      setSaid({ text: problemMessage(error, 'The visitor’s data could not be exported. Try again.'), failed: true });
      return;
    }
    const file = exportFileName(data.exportedAt);
    saveFile(file, JSON.stringify(data, null, 2));
    setSaid({ text: exportedText(data.chats.length, file), failed: false });
  };
  return (
    <div class="export-visitor">
      <button class="btn" type="button" onClick={save} disabled={busy} aria-describedby="export-visitor-said">
        {busy ? 'Exporting…' : 'Download this visitor’s data'}
      </button>
      <p id="export-visitor-said" class={said?.failed ? 'visitor-data-said error' : 'visitor-data-said'} role="status">
        {said?.text}
      </p>
    </div>
  );
};

/**
 * Forgets the chat's visitor (their "forget me" request): deletes for good every ended chat and offline request of
 * theirs, found by the chat's e-mail address and browser key, after a confirmation saying what goes, that chats still
 * open stay until they end, and that the audit log keeps a record. Owners and admins, of a visitor with either.
 * Cancel is focused first and gives the focus back to the button; a refusal shows in the dialog. `onForgotten` is
 * told what to say and whether this very chat went with them (it had ended); while it is still there, the panel
 * says it below the button.
 */
const ForgetVisitor = ({ chat, onForgotten }: { chat: Chat; onForgotten: (said: string, gone: boolean) => void }) => {
  const [asking, setAsking] = useState(false);
  const [said, setSaid] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  if (!mayHandleVisitorData(me.value, chat.visitor)) return null;
  const email = chat.visitor.email?.trim();
  const forget = async (): Promise<string | null> => {
    const { data, error } = await api.POST('/api/v1/chats/forget-visitor', { body: visitorDataBody(chat.visitor) });
    if (error || !data) return problemMessage(error, 'The visitor’s chats could not be deleted. Try again.');
    const text = forgottenText(data);
    // This chat went with the others if it had ended (the inbox may not know yet that it has).
    const still = await api.GET('/api/v1/chats/{id}', { params: { path: { id: chat.id } } }).catch(() => null);
    const gone = still?.response.status === 404;
    if (!gone) setSaid(text);
    onForgotten(text, gone);
    return null;
  };
  return (
    <div class="forget-visitor">
      <button ref={button} class="btn btn-danger" type="button" onClick={() => setAsking(true)}>
        Forget this visitor…
      </button>
      <p class={said ? 'forget-said saved' : 'forget-said'} role="status">
        {said}
      </p>
      {asking && (
        <ConfirmDialog
          title="Forget this visitor?"
          action="Forget visitor"
          focusCancel
          onConfirm={forget}
          onClose={() => {
            setAsking(false);
            button.current?.focus();
          }}
        >
          <p>
            Every ended chat and offline request of {chat.visitor.name || 'this visitor'} is deleted for good, with its messages and notes,
            the visitor’s details and its search entries:
          </p>
          <ul>
            {email && (
              <li>
                those with the e-mail address <strong>{email}</strong> (in any case)
              </li>
            )}
            {chat.visitor.key && <li>those started from the same browser as this chat</li>}
          </ul>
          <p>This cannot be undone. Chats of theirs still open are left until they end: then forget the visitor again.</p>
          <p>The audit log records each deletion, without the visitor’s details.</p>
        </ConfirmDialog>
      )}
    </div>
  );
};

/** How many of the visitor's other chats the panel lists; the history has the rest. */
const OTHERS_MAX = 5;

/**
 * The visitor's other chats and offline requests, newest first: those started from the same browser (the
 * widget's `visitor.key`), and those with the same email address (the search's words, then the very address),
 * each a link to its transcript in the history, keeping the history's filters when shown there. Nothing
 * without either. "Earlier chats" while all of them came before this one (always so for a live chat); "Other
 * chats" for a past chat in the history, which the visitor may have followed with more. Read again when `version`
 * changes (the visitor was forgotten: their ended chats are gone).
 */
const OtherChats = ({ chat, version }: { chat: Chat; version: number }) => {
  const email = chat.visitor.email?.trim().toLowerCase() ?? '';
  const key = chat.visitor.key ?? '';
  const [others, setOthers] = useState<Chat[] | null>(null);
  /** A list found more than one page: the count is a lower bound. */
  const [more, setMore] = useState(false);
  useEffect(() => {
    setOthers(null);
    if (!email && !key) return;
    let current = true;
    const list = (query: { q: string } | { visitorKey: string }) =>
      api.GET('/api/v1/chats', { params: { query: { ...query, limit: 50 } } }).then(({ data }) => data ?? null);
    void Promise.all([key ? list({ visitorKey: key }) : null, email ? list({ q: email }) : null]).then(([byKey, byEmail]) => {
      if (!current) return;
      const found = new Map<string, Chat>();
      for (const c of byKey?.items ?? []) found.set(c.id, c);
      for (const c of byEmail?.items ?? []) if (c.visitor.email?.trim().toLowerCase() === email) found.set(c.id, c);
      found.delete(chat.id);
      setOthers([...found.values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0)));
      setMore(Boolean(byKey?.nextCursor || byEmail?.nextCursor));
    });
    return () => {
      current = false;
    };
  }, [chat.id, email, key, version]);
  if (!others?.length) return null;
  // Shown in the history, a transcript's link keeps its filters; from the inbox, it opens the whole history.
  const kept = historyFiltersOf(location.pathname.startsWith('/app/history') ? location.search : '');
  const all = historyHref(null, key ? { ...historyFiltersOf(''), visitor: key } : { ...historyFiltersOf(''), q: email });
  return (
    <section class="other-chats" aria-labelledby="other-chats-title">
      <h3 id="other-chats-title">
        {others.every((c) => c.createdAt < chat.createdAt) ? 'Earlier' : 'Other'} chats ({others.length}
        {more ? '+' : ''})
      </h3>
      <ul>
        {others.slice(0, OTHERS_MAX).map((c) => {
          const href = historyHref(c.id, kept);
          return (
            <li key={c.id}>
              <a href={href} onClick={(e) => goTo(e, href)}>
                {shortWhen(new Date(c.createdAt))}
              </a>{' '}
              <span class="other-chat-status">{(CHAT_STATUS_LABEL[c.status] ?? c.status).toLowerCase()}</span>
              {c.question && <p class="other-chat-question">{c.question}</p>}
            </li>
          );
        })}
      </ul>
      {others.length > OTHERS_MAX && (
        <a href={all} onClick={(e) => goTo(e, all)}>
          All in the history
        </a>
      )}
    </section>
  );
};

const since = (from: string | null | undefined, to: string | null | undefined): string | null => {
  if (!from || !to) return null;
  const s = Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
};

/**
 * Who the visitor is and where they are: details from the chat start and geolocation, their other chats, and, for
 * owners and admins, the way to forget them. With `onHide`, it has a Hide button and Escape hides it (the inbox's
 * sheet on a narrow screen, shown by the conversation's Visitor button, to which the focus then returns).
 */
export const VisitorPanel = ({
  chat,
  events = [],
  onHide,
  onForgotten,
}: {
  chat: Chat | null;
  /** The chat's events as far as known: the pages the visitor opened during it. */
  events?: readonly ChatEvent[];
  onHide?: () => void;
  /** The visitor was forgotten: what to say, and whether this chat was deleted with their other ended ones. */
  onForgotten?: (said: string, gone: boolean) => void;
}) => {
  /** How many times the visitor was forgotten here: their other chats are then listed again. */
  const [forgotten, setForgotten] = useState(0);
  const live = chat?.status === 'active' || chat?.status === 'queued';
  const now = useNow(60_000, live); // for the visitor's local time, which a past chat does not show
  const v = chat?.visitor;
  if (!v) return <aside class="visitor-panel" id="visitor-panel" aria-label="Visitor" />;
  const hide = () => {
    onHide?.();
    document.querySelector<HTMLElement>('.visitor-toggle')?.focus();
  };
  const place = visitorPlace(v.geo);
  const latest = latestPage(events);
  const gone = chat?.status === 'active' ? leftAt(events) : null;
  const rows: [string, ComponentChildren][] = [
    ['Name', v.name],
    // An open chat whose visitor closed every page of the site: since when (they may still read a reply by e-mail).
    ['On the site', gone ? `Left at ${shortWhen(new Date(gone))}` : null],
    ['Email', v.email],
    ['Location', place || null],
    // While the chat goes on: of a past chat, it says nothing useful.
    ['Local time', live ? visitorLocalTime(v.geo?.timezone, now) : null],
    // The page they are on now (or were last, in a past chat) when they moved on from the one the chat started on.
    ...(latest
      ? ([
          [live ? 'Now on' : 'Last page', pageLink(latest)],
          ['Started on', pageLink(v.pageUrl)],
        ] satisfies [string, ComponentChildren][])
      : ([['Page', pageLink(v.pageUrl)]] satisfies [string, ComponentChildren][])),
    ['Referrer', pageLink(v.referrerUrl)],
    ['Browser', v.os ? `${v.browser || 'An unknown browser'} on ${v.os}` : v.browser || null],
    ['Language', v.language],
    ['Address', v.ip],
    // How long the chat queued before an agent took it: not the list's "Waiting", which counts from the visitor's
    // unanswered messages, so not named alike.
    ['In the queue', since(chat?.queuedAt ?? chat?.createdAt, chat?.assignedAt)],
    ...Object.entries(v.customVariables ?? {}),
  ];
  return (
    <aside
      class="visitor-panel"
      id="visitor-panel"
      aria-labelledby="visitor-title"
      onKeyDown={(e) => {
        // Escape in one of its dialogs closes the dialog alone.
        if (e.key === 'Escape' && onHide && !(e.target as Element).closest('dialog')) hide();
      }}
    >
      <h2 id="visitor-title">Visitor</h2>
      {onHide && (
        <button class="btn visitor-close" type="button" onClick={hide}>
          Hide
        </button>
      )}
      <dl>
        {rows
          .filter(([, value]) => value)
          .map(([label, value]) => (
            <>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </>
          ))}
      </dl>
      {chat && <OtherChats chat={chat} version={forgotten} />}
      {chat && <BlockVisitor key={chat.id} chat={chat} />}
      {chat && <ExportVisitor key={chat.id} chat={chat} />}
      {chat && (
        <ForgetVisitor
          key={chat.id}
          chat={chat}
          onForgotten={(said, gone) => {
            setForgotten((n) => n + 1);
            onForgotten?.(said, gone);
          }}
        />
      )}
    </aside>
  );
};
