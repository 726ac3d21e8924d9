import type { ChatReportFact } from '../ports/chat-storage.js';
import type { Id } from '../model/types.js';
import { daysBetween, type ZoneCalendar } from './time-zone.js';

/** Average and 90th percentile (nearest rank) of a duration, in whole seconds; null when nothing was measured. */
export interface DurationStats {
  readonly count: number;
  readonly avg: number;
  readonly p90: number;
}

/**
 * The figures of a set of chats:
 * - `chats`: live chats asked for; `offlineRequests`: messages left while nobody was available;
 * - `answered`: chats an agent took; `missed`: chats that ended before any agent took them;
 *   `abandoned`: chats the visitor left (whether or not an agent had taken them);
 * - `wait`: from entering the queue to an agent taking it (answered chats); `firstResponse`: from the
 *   visitor's first message to the agent's first reply; `duration`: from an agent taking it to its end.
 */
export interface ChatMetrics {
  readonly chats: number;
  readonly offlineRequests: number;
  readonly answered: number;
  readonly missed: number;
  readonly abandoned: number;
  readonly wait: DurationStats | null;
  readonly firstResponse: DurationStats | null;
  readonly duration: DurationStats | null;
}

/** Collects the figures of chats one at a time. */
class MetricsBuilder {
  chats = 0;
  offlineRequests = 0;
  answered = 0;
  missed = 0;
  abandoned = 0;
  readonly wait: number[] = [];
  readonly firstResponse: number[] = [];
  readonly duration: number[] = [];

  add(f: ChatReportFact): void {
    if (f.kind === 'offline') {
      this.offlineRequests++;
      return;
    }
    this.chats++;
    if (f.status === 'abandoned') this.abandoned++;
    if (f.assignedAt === null) {
      if (f.status === 'closed' || f.status === 'abandoned') this.missed++;
      return;
    }
    this.answered++;
    const assigned = Date.parse(f.assignedAt);
    this.wait.push(assigned - Date.parse(f.queuedAt ?? f.createdAt));
    if (f.firstAgentReplyAt !== null) this.firstResponse.push(Date.parse(f.firstAgentReplyAt) - Date.parse(f.createdAt));
    if (f.closedAt !== null) this.duration.push(Date.parse(f.closedAt) - assigned);
  }

  build(): ChatMetrics {
    const { chats, offlineRequests, answered, missed, abandoned } = this;
    return { chats, offlineRequests, answered, missed, abandoned, wait: stats(this.wait), firstResponse: stats(this.firstResponse), duration: stats(this.duration) };
  }
}

/** Average and nearest-rank 90th percentile of durations in milliseconds, as whole seconds (negative ones count as 0). */
export const stats = (ms: number[]): DurationStats | null => {
  if (ms.length === 0) return null;
  const sorted = ms.map((v) => Math.max(0, v)).sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  const p90 = sorted[Math.ceil(0.9 * sorted.length) - 1]!;
  return { count: sorted.length, avg: Math.round(sum / sorted.length / 1000), p90: Math.round(p90 / 1000) };
};

export interface ChatReportData {
  readonly totals: ChatMetrics;
  /** Every day of the range, in order, days without chats included. */
  readonly days: readonly (ChatMetrics & { readonly date: string })[];
  /** Per agent who took a chat in the range (chats nobody took count in no agent's row). */
  readonly agents: readonly (ChatMetrics & { readonly agentId: Id })[];
  /** Per widget with chats in the range. */
  readonly widgets: readonly (ChatMetrics & { readonly widgetId: Id })[];
}

/**
 * A chat report of the days `from`..`to` (local days of the calendar's zone, both included) from the chats'
 * facts: totals, one row per day, per agent and per widget. Pure: the same facts give the same report.
 */
export const buildChatReport = (facts: readonly ChatReportFact[], calendar: ZoneCalendar, from: string, to: string): ChatReportData => {
  const totals = new MetricsBuilder();
  const days = new Map<string, MetricsBuilder>(daysBetween(from, to).map((d) => [d, new MetricsBuilder()]));
  const agents = new Map<Id, MetricsBuilder>();
  const widgets = new Map<Id, MetricsBuilder>();
  const into = <K>(map: Map<K, MetricsBuilder>, key: K) => {
    let b = map.get(key);
    if (!b) map.set(key, (b = new MetricsBuilder()));
    return b;
  };
  for (const f of facts) {
    totals.add(f);
    days.get(calendar.dayOf(f.createdAt))?.add(f);
    if (f.agentId !== null && f.assignedAt !== null) into(agents, f.agentId).add(f);
    into(widgets, f.widgetId).add(f);
  }
  return {
    totals: totals.build(),
    days: [...days].map(([date, b]) => ({ date, ...b.build() })),
    agents: [...agents].map(([agentId, b]) => ({ agentId, ...b.build() })).sort((a, b) => b.chats - a.chats || (a.agentId < b.agentId ? -1 : 1)),
    widgets: [...widgets].map(([widgetId, b]) => ({ widgetId, ...b.build() })).sort((a, b) => b.chats + b.offlineRequests - (a.chats + a.offlineRequests) || (a.widgetId < b.widgetId ? -1 : 1)),
  };
};
