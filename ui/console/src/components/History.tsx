import { useEffect, useState } from 'preact/hooks';
import { problemMessage } from '@parley/api-client';
import { api } from '../api.js';
import type { Chat, ChatEvent } from '../model.js';
import { Transcript } from './Conversation.js';
import { VisitorPanel } from './VisitorPanel.js';

type Widget = { id: string; name: string };
interface Filters {
  status: '' | 'active' | 'closed' | 'abandoned' | 'offline' | 'queued';
  widgetId: string;
  from: string;
  to: string;
}

const STATUS_LABEL: Record<string, string> = { queued: 'Queued', active: 'Active', closed: 'Closed', abandoned: 'Abandoned', offline: 'Offline request' };

const when = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });

/** A day's start or end in the browser's time zone, as the API's ISO instant. */
const dayBound = (date: string, end: boolean) => (date ? new Date(`${date}T${end ? '23:59:59.999' : '00:00:00'}`).toISOString() : undefined);

/**
 * Past chats and offline requests of the agent's widgets (supervisors and up: all), newest first, filtered
 * by status, widget and date, paged with the server's cursor; any one opens with its whole transcript.
 */
export const History = () => {
  const [widgets, setWidgets] = useState<Widget[]>([]);
  const [filters, setFilters] = useState<Filters>({ status: '', widgetId: '', from: '', to: '' });
  const [items, setItems] = useState<Chat[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<{ chat: Chat; events: ChatEvent[] } | null>(null);

  useEffect(() => {
    void api.GET('/api/v1/widgets').then(({ data }) => setWidgets((data?.items ?? []) as Widget[]));
  }, []);

  const load = async (cursor: string | null) => {
    const { data, error: e } = await api.GET('/api/v1/chats', {
      params: {
        query: {
          ...(filters.status ? { status: filters.status } : {}),
          ...(filters.widgetId ? { widgetId: filters.widgetId } : {}),
          ...(filters.from ? { from: dayBound(filters.from, false) } : {}),
          ...(filters.to ? { to: dayBound(filters.to, true) } : {}),
          ...(cursor ? { cursor } : {}),
          limit: 50,
        },
      },
    });
    if (e || !data) return setError(problemMessage(e));
    setError(null);
    setItems((prev) => (cursor ? [...prev, ...data.items] : data.items));
    setNext(data.nextCursor ?? null);
  };

  useEffect(() => void load(null), [filters]);

  const show = async (id: string) => {
    const { data, error: e } = await api.GET('/api/v1/chats/{id}', { params: { path: { id } } });
    if (e || !data?.chat) return setError(problemMessage(e));
    setOpen({ chat: data.chat, events: data.events ?? [] });
  };

  const set = (k: keyof Filters) => (ev: Event) => setFilters({ ...filters, [k]: (ev.currentTarget as HTMLInputElement).value });
  const widgetName = (id: string) => widgets.find((w) => w.id === id)?.name ?? '';

  return (
    <main class="history">
      <section class="history-list" aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        <div class="filters">
          <div class="field">
            <label for="f-status">Status</label>
            <select id="f-status" value={filters.status} onChange={set('status')}>
              <option value="">Any</option>
              {Object.entries(STATUS_LABEL).map(([v, l]) => (
                <option value={v}>{l}</option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="f-widget">Widget</label>
            <select id="f-widget" value={filters.widgetId} onChange={set('widgetId')}>
              <option value="">All</option>
              {widgets.map((w) => (
                <option value={w.id}>{w.name}</option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="f-from">From</label>
            <input id="f-from" type="date" value={filters.from} onChange={set('from')} />
          </div>
          <div class="field">
            <label for="f-to">To</label>
            <input id="f-to" type="date" value={filters.to} onChange={set('to')} />
          </div>
        </div>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <table>
          <thead>
            <tr>
              <th scope="col">Visitor</th>
              <th scope="col">Widget</th>
              <th scope="col">Started</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id}>
                <td>
                  <button type="button" onClick={() => void show(c.id)}>
                    {c.visitor.name || c.visitor.email || 'Visitor'}
                  </button>
                </td>
                <td>{widgetName(c.widgetId)}</td>
                <td>{when(c.createdAt)}</td>
                <td>{STATUS_LABEL[c.status] ?? c.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {items.length === 0 && !error && <p class="empty">No chats match.</p>}
        {next && (
          <button class="btn" type="button" onClick={() => void load(next)}>
            Load more
          </button>
        )}
      </section>
      <section class="history-view" aria-label="Transcript of the chosen chat">
        {open ? (
          <>
            <VisitorPanel chat={open.chat} />
            <Transcript events={open.events} />
          </>
        ) : (
          <p class="empty">Choose a chat to read its transcript.</p>
        )}
      </section>
    </main>
  );
};
