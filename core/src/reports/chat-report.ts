import type { ChatReportFact } from '../ports/chat-storage.js';
import type { Id } from '../model/types.js';
import { addDays, daysBetween, type ZoneCalendar } from './time-zone.js';

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

/** What one chat adds to the figures, computed once however many rows it counts in. */
interface ChatFigures {
  readonly offline: boolean;
  readonly abandoned: boolean;
  readonly answered: boolean;
  readonly missed: boolean;
  /** Milliseconds, or NaN when not measured. */
  readonly wait: number;
  readonly firstResponse: number;
  readonly duration: number;
}

const figuresOf = (f: ChatReportFact): ChatFigures => {
  const offline = f.kind === 'offline';
  const answered = !offline && f.assignedAt !== null;
  const created = Date.parse(f.createdAt);
  const assigned = answered ? Date.parse(f.assignedAt!) : Number.NaN;
  return {
    offline,
    abandoned: !offline && f.status === 'abandoned',
    answered,
    missed: !offline && !answered && (f.status === 'closed' || f.status === 'abandoned'),
    wait: answered ? assigned - (f.queuedAt === null || f.queuedAt === f.createdAt ? created : Date.parse(f.queuedAt)) : Number.NaN,
    firstResponse: answered && f.firstAgentReplyAt !== null ? Date.parse(f.firstAgentReplyAt) - created : Number.NaN,
    duration: answered && f.closedAt !== null ? Date.parse(f.closedAt) - assigned : Number.NaN,
  };
};

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

  add(f: ChatFigures): void {
    if (f.offline) {
      this.offlineRequests++;
      return;
    }
    this.chats++;
    if (f.abandoned) this.abandoned++;
    if (f.missed) this.missed++;
    if (!f.answered) return;
    this.answered++;
    this.wait.push(f.wait);
    if (!Number.isNaN(f.firstResponse)) this.firstResponse.push(f.firstResponse);
    if (!Number.isNaN(f.duration)) this.duration.push(f.duration);
  }

  build(): ChatMetrics {
    const { chats, offlineRequests, answered, missed, abandoned } = this;
    return {
      chats,
      offlineRequests,
      answered,
      missed,
      abandoned,
      wait: stats(this.wait),
      firstResponse: stats(this.firstResponse),
      duration: stats(this.duration),
    };
  }
}

/** Average and nearest-rank 90th percentile of durations in milliseconds, as whole seconds (negative ones count as 0). */
export const stats = (ms: number[]): DurationStats | null => {
  if (ms.length === 0) return null;
  const sorted = Float64Array.from(ms, (v) => Math.max(0, v)).sort();
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
  const dates = daysBetween(from, to);
  const perDay = dates.map(() => new MetricsBuilder());
  // Each day's first instant, as ISO text: instants compare as text, so a chat's day is a binary search
  // away (about nine comparisons for a year), with no time-zone arithmetic per chat.
  const starts = [...dates.map((d) => calendar.startOf(d)), calendar.startOf(addDays(to, 1))];
  const dayIndex = (at: string): number => {
    let lo = 0;
    let hi = starts.length - 1;
    if (at < starts[0]! || at >= starts[hi]!) return -1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (at < starts[mid]!) hi = mid;
      else lo = mid;
    }
    return lo;
  };
  const agents = new Map<Id, MetricsBuilder>();
  const widgets = new Map<Id, MetricsBuilder>();
  const into = <K>(map: Map<K, MetricsBuilder>, key: K) => {
    let b = map.get(key);
    if (!b) map.set(key, (b = new MetricsBuilder()));
    return b;
  };
  for (const f of facts) {
    const figures = figuresOf(f);
    totals.add(figures);
    const d = dayIndex(f.createdAt);
    if (d >= 0) perDay[d]!.add(figures);
    if (f.agentId !== null && figures.answered) into(agents, f.agentId).add(figures);
    into(widgets, f.widgetId).add(figures);
  }
  return {
    totals: totals.build(),
    days: dates.map((date, i) => ({ date, ...perDay[i]!.build() })),
    agents: [...agents]
      .map(([agentId, b]) => ({ agentId, ...b.build() }))
      .sort((a, b) => b.chats - a.chats || (a.agentId < b.agentId ? -1 : 1)),
    widgets: [...widgets]
      .map(([widgetId, b]) => ({ widgetId, ...b.build() }))
      .sort((a, b) => b.chats + b.offlineRequests - (a.chats + a.offlineRequests) || (a.widgetId < b.widgetId ? -1 : 1)),
  };
};
