import { VISITOR_KEY } from '@parley/core/limits';

/** The history's filters, as its address keeps them (`/app/history?status=closed&q=refund`). */
export interface HistoryFilters {
  readonly status: '' | 'active' | 'closed' | 'abandoned' | 'offline' | 'queued';
  readonly widgetId: string;
  /** The agent who has (or last had) the chat. */
  readonly agentId: string;
  readonly label: string;
  /** Offline requests only: handled or not yet ('' is every chat). */
  readonly handled: '' | 'true' | 'false';
  /** Days (`2026-12-06`) in the browser's time zone. */
  readonly from: string;
  readonly to: string;
  /** Words to find in the visitor's name or email or in a message (each word a prefix). */
  readonly q: string;
  /** One visitor's chats: their browser's key (`visitor.key`). */
  readonly visitor: string;
}

const STATUSES: readonly HistoryFilters['status'][] = ['active', 'closed', 'abandoned', 'offline', 'queued'];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filters of an address's query; what is missing or not a valid value is no filter. */
export const historyFiltersOf = (search: string): HistoryFilters => {
  const q = new URLSearchParams(search);
  const one = <T extends string>(name: string, allowed: (v: string) => v is T): T | '' => {
    const v = q.get(name) ?? '';
    return allowed(v) ? v : '';
  };
  return {
    status: one('status', (v): v is HistoryFilters['status'] => (STATUSES as readonly string[]).includes(v)),
    widgetId: q.get('widget') ?? '',
    agentId: q.get('agent') ?? '',
    label: q.get('label') ?? '',
    handled: one('handled', (v): v is 'true' | 'false' => v === 'true' || v === 'false'),
    from: one('from', (v): v is string => DAY.test(v)),
    to: one('to', (v): v is string => DAY.test(v)),
    q: (q.get('q') ?? '').trim(),
    visitor: one('visitor', (v): v is string => VISITOR_KEY.test(v)),
  };
};

/** The query (`?status=closed&q=refund`, or '' with no filter) that {@link historyFiltersOf} reads back. */
export const historySearchOf = (f: HistoryFilters): string => {
  const q = new URLSearchParams();
  if (f.q) q.set('q', f.q);
  if (f.status) q.set('status', f.status);
  if (f.widgetId) q.set('widget', f.widgetId);
  if (f.agentId) q.set('agent', f.agentId);
  if (f.label) q.set('label', f.label);
  if (f.handled) q.set('handled', f.handled);
  if (f.from) q.set('from', f.from);
  if (f.to) q.set('to', f.to);
  if (f.visitor) q.set('visitor', f.visitor);
  const s = q.toString();
  return s ? `?${s}` : '';
};

/** The address of the history with `filters`, and the chat `chatId` open (none: null). */
export const historyHref = (chatId: string | null, filters: HistoryFilters): string =>
  `/app/history${chatId ? `/${encodeURIComponent(chatId)}` : ''}${historySearchOf(filters)}`;
