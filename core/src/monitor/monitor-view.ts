import type { AgentPresence, AgentStatus, Chat, Visitor } from '../model/chat.js';
import {
  MONITOR_LIST_LIMIT,
  type MonitorActiveChat,
  type MonitorAgent,
  type MonitorQueuedChat,
  type MonitorView,
  type MonitorVisitor,
  type MonitorWidget,
} from '../model/monitor.js';
import type { Id, Instant } from '../model/types.js';
import type { User } from '../model/user.js';
import type { Widget, WidgetSettings } from '../model/widget.js';
import { availableSlots } from '../chat/routing.js';

/** What the projection reads: everything is as stored at about the same moment. */
export interface MonitorSource {
  readonly widgets: readonly (Pick<Widget, 'id' | 'name' | 'agentIds'> & {
    readonly settings: Pick<WidgetSettings, 'maxConcurrentChats'>;
  })[];
  /** Queued and active chats (others are ignored). */
  readonly chats: readonly Chat[];
  /**
   * Exact queued counts per widget, when `chats` may hold fewer queued chats than there are (a cut
   * list); a widget absent here counts what `chats` holds.
   */
  readonly queuedCounts?: Readonly<Record<Id, number>>;
  /** Presences of agents (agents without one are offline). */
  readonly presences: readonly AgentPresence[];
  /**
   * Open chats per agent, in every widget; agents absent here count what `chats` holds. Pass it when
   * `chats` may be a cut list.
   */
  readonly activeChatsByAgent?: Readonly<Record<Id, number>>;
  /** Users of the account, for agents' names and own maximums, and to leave out deactivated or deleted agents. */
  readonly users: readonly (Pick<User, 'id' | 'name' | 'status'> & Partial<Pick<User, 'maxConcurrentChats'>>)[];
}

export interface MonitorViewOptions {
  readonly now: Instant;
  /** Widget ids, top first (a user's layout); the others follow by name, then id. */
  readonly order?: readonly Id[];
  /** Where a chat's transcript is; default `/api/v1/chats/<id>`. */
  readonly transcriptUrl?: (chatId: Id) => string;
  /** At most this many queued and active chats listed per widget; default {@link MONITOR_LIST_LIMIT}. */
  readonly listLimit?: number;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const push = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

/** Whole seconds from `from` to `to`, never negative. */
export const secondsBetween = (from: Instant, to: Instant): number => Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / 1000));

export const defaultTranscriptUrl = (chatId: Id): string => `/api/v1/chats/${encodeURIComponent(chatId)}`;

/** What the monitor shows of a visitor (before any anonymization). */
export const monitorVisitor = (v: Visitor): MonitorVisitor => ({
  name: v.name,
  email: v.email,
  city: v.geo.city,
  region: v.geo.region,
  country: v.geo.country,
  countryCode: v.geo.countryCode,
  language: v.language,
  browser: v.browser,
  os: v.os,
  pageUrl: v.pageUrl,
  customVariables: { ...v.customVariables },
});

const STATUS_RANK: Record<AgentStatus, number> = { online: 0, paused: 1, offline: 2 };

/**
 * Widgets in display order: first the ids of `order` that exist (in that order, each once), then the
 * rest by name, then id.
 */
export const orderWidgets = <W extends { readonly id: Id; readonly name: string }>(
  widgets: readonly W[],
  order: readonly Id[] = [],
): W[] => {
  const byId = new Map(widgets.map((w) => [w.id, w]));
  const out: W[] = [];
  const placed = new Set<Id>();
  for (const id of order) {
    const w = byId.get(id);
    if (w && !placed.has(id)) {
      out.push(w);
      placed.add(id);
    }
  }
  const rest = widgets.filter((w) => !placed.has(w.id)).sort((a, b) => cmp(a.name, b.name) || cmp(a.id, b.id));
  return [...out, ...rest];
};

/**
 * The monitor of an account at `now`: per widget, the queue (oldest first, with how long each chat has
 * waited), the chats in progress (agent, duration, visitor, transcript link) and the widget's agents
 * (status and open chats). Pure: the same source and options always give the same view.
 */
export const monitorView = (source: MonitorSource, options: MonitorViewOptions): MonitorView => {
  const { now } = options;
  const limit = options.listLimit ?? MONITOR_LIST_LIMIT;
  const transcriptUrl = options.transcriptUrl ?? defaultTranscriptUrl;
  const users = new Map(source.users.map((u) => [u.id, u]));
  const presences = new Map(source.presences.map((p) => [p.userId, p]));

  const queuedByWidget = new Map<Id, Chat[]>();
  const activeByWidget = new Map<Id, Chat[]>();
  const activeCount = new Map<Id, number>();
  for (const c of source.chats) {
    if (c.status === 'queued') push(queuedByWidget, c.widgetId, c);
    else if (c.status === 'active' && c.agentId !== null) {
      push(activeByWidget, c.widgetId, c);
      activeCount.set(c.agentId, (activeCount.get(c.agentId) ?? 0) + 1);
    }
  }
  const openChatsOf = (userId: Id): number => source.activeChatsByAgent?.[userId] ?? activeCount.get(userId) ?? 0;

  const widgets = orderWidgets(source.widgets, options.order).map((w): MonitorWidget => {
    const queued = (queuedByWidget.get(w.id) ?? []).sort(
      (a, b) => cmp(a.queuedAt ?? a.createdAt, b.queuedAt ?? b.createdAt) || cmp(a.id, b.id),
    );
    const active = (activeByWidget.get(w.id) ?? []).sort(
      (a, b) => cmp(a.assignedAt ?? a.createdAt, b.assignedAt ?? b.createdAt) || cmp(a.id, b.id),
    );
    const queue = queued.slice(0, limit).map((c): MonitorQueuedChat => {
      const queuedAt = c.queuedAt ?? c.createdAt;
      return {
        chatId: c.id,
        queuedAt,
        waitingSeconds: secondsBetween(queuedAt, now),
        question: c.question,
        visitor: monitorVisitor(c.visitor),
      };
    });
    const inProgress = active.slice(0, limit).map((c): MonitorActiveChat => {
      const assignedAt = c.assignedAt ?? c.createdAt;
      return {
        chatId: c.id,
        agentId: c.agentId!,
        agentName: users.get(c.agentId!)?.name ?? null,
        assignedAt,
        durationSeconds: secondsBetween(assignedAt, now),
        question: c.question,
        visitor: monitorVisitor(c.visitor),
        transcriptUrl: transcriptUrl(c.id),
      };
    });
    const agents = [...new Set(w.agentIds)]
      .map((id) => users.get(id))
      .filter((u): u is NonNullable<typeof u> => u !== undefined && u.status === 'active')
      .map((u): MonitorAgent => {
        const p = presences.get(u.id);
        return {
          userId: u.id,
          name: u.name,
          status: p?.status ?? 'offline',
          since: p?.since ?? null,
          activeChats: openChatsOf(u.id),
          reason: p?.reason ?? null,
        };
      })
      .sort((a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status] || cmp(a.name, b.name) || cmp(a.userId, b.userId));
    const count = (s: AgentStatus) => agents.filter((a) => a.status === s).length;
    // The routing rule itself, over the agents shown (active users), so the monitor counts what routing would.
    const slots = availableSlots(
      { id: w.id, agentIds: w.agentIds, maxConcurrentChats: w.settings.maxConcurrentChats },
      agents.map((a) => ({
        accountId: '',
        userId: a.userId,
        status: a.status,
        since: a.since ?? now,
        lastAssignedAt: null,
        version: 0,
        activeChats: a.activeChats,
        maxConcurrentChats: users.get(a.userId)?.maxConcurrentChats ?? null,
      })),
    );
    return {
      id: w.id,
      name: w.name,
      queue,
      active: inProgress,
      agents,
      stats: {
        queued: Math.max(source.queuedCounts?.[w.id] ?? 0, queued.length),
        active: active.length,
        online: count('online'),
        paused: count('paused'),
        offline: count('offline'),
        longestWaitSeconds: queue[0]?.waitingSeconds ?? 0,
        availableSlots: slots,
      },
    };
  });
  return { generatedAt: now, widgets };
};
