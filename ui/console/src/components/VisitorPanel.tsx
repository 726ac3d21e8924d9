import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { shortWhen } from '../clock.js';
import { historyHref, historyFiltersOf } from '../history-filters.js';
import { CHAT_STATUS_LABEL, type Chat, type ChatEvent } from '../model.js';
import { latestPage, leftAt } from '../visitor-page.js';
import { problemMessage } from '@parley/api-client';
import { me, widgetNames } from '../store.js';
import { ConfirmDialog } from './admin/ConfirmDialog.js';
import { goTo } from './links.js';
import { useNow } from './use-now.js';
import { visitorPlace } from '../visitor-place.js';
import { visitorLocalTime } from '../visitor-time.js';

/** A page's address as a link that opens in a new tab (only http and https: nothing a visitor sent runs here). */
const pageLink = (url: string | null | undefined): ComponentChildren =>
  url && /^https?:\/\//i.test(url) ? (
    <a href={url} target="_blank" rel="noopener noreferrer">
      {url}
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

/** How many of the visitor's other chats the panel lists; the history has the rest. */
const OTHERS_MAX = 5;

/**
 * The visitor's other chats and offline requests, newest first: those started from the same browser (the
 * widget's `visitor.key`), and those with the same email address (the search's words, then the very address),
 * each a link to its transcript in the history, keeping the history's filters when shown there. Nothing
 * without either. "Earlier chats" while all of them came before this one (always so for a live chat); "Other
 * chats" for a past chat in the history, which the visitor may have followed with more.
 */
const OtherChats = ({ chat }: { chat: Chat }) => {
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
  }, [chat.id, email, key]);
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
 * Who the visitor is and where they are: details from the chat start and geolocation. With `onHide`, it has a
 * Hide button and Escape hides it (the inbox's sheet on a narrow screen, shown by the conversation's Visitor
 * button, to which the focus then returns).
 */
export const VisitorPanel = ({
  chat,
  events = [],
  onHide,
}: {
  chat: Chat | null;
  /** The chat's events as far as known: the pages the visitor opened during it. */
  events?: readonly ChatEvent[];
  onHide?: () => void;
}) => {
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
    ['Waited', since(chat?.queuedAt ?? chat?.createdAt, chat?.assignedAt)],
    ...Object.entries(v.customVariables ?? {}),
  ];
  return (
    <aside
      class="visitor-panel"
      id="visitor-panel"
      aria-labelledby="visitor-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && onHide) hide();
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
      {chat && <OtherChats chat={chat} />}
      {chat && <BlockVisitor key={chat.id} chat={chat} />}
    </aside>
  );
};
