import type { ChatReportDay, ChatReportFact } from '../ports/chat-storage.js';
import { isFinalChat } from '../model/chat.js';
import type { Id } from '../model/types.js';
import { addDays, daysBetween, type ZoneCalendar } from './time-zone.js';

/**
 * The visitors' ratings of chats (1 poor to 5 excellent): how many rated, their average (to one decimal), and how
 * many were satisfied (rated 4 or 5); null when nobody rated.
 */
export interface SatisfactionStats {
  readonly rated: number;
  readonly average: number;
  readonly satisfied: number;
}

/** Average and 90th percentile (nearest rank) of a duration, in whole seconds; null when nothing was measured. */
export interface DurationStats {
  readonly count: number;
  readonly avg: number;
  readonly p90: number;
}

/**
 * The figures of a set of chats:
 * - `chats`: live chats asked for; `offlineRequests`: messages left while nobody was available;
 * - `answered`: chats an agent replied in; `missed`: chats that ended without an agent's reply, whether no agent
 *   took them or the one who did never wrote; `abandoned`: chats the visitor left (answered or not);
 * - `wait`: from entering the queue to an agent taking it (chats an agent took); `firstResponse`: from the
 *   visitor's first message to the agent's first reply; `duration`: from an agent taking it to its end;
 * - `satisfaction`: the ratings visitors gave the chats an agent took, after they ended.
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
  readonly satisfaction: SatisfactionStats | null;
}

/** A rating from this score up counts as satisfied. */
export const SATISFIED_SCORE = 4;

/** What one chat adds to the figures, computed once however many rows it counts in. */
interface ChatFigures {
  readonly offline: boolean;
  readonly abandoned: boolean;
  /** An agent took the chat (it was assigned): its wait, duration and rating count, and its agent's row holds it. */
  readonly taken: boolean;
  /** An agent wrote in it. */
  readonly answered: boolean;
  readonly missed: boolean;
  /** Milliseconds, or NaN when not measured. */
  readonly wait: number;
  readonly firstResponse: number;
  readonly duration: number;
  /** The visitor's rating, 1 to 5, or NaN when none. */
  readonly score: number;
}

const figuresOf = (f: ChatReportFact): ChatFigures => {
  const offline = f.kind === 'offline';
  const taken = !offline && f.assignedAt !== null;
  const answered = taken && f.firstAgentReplyAt !== null;
  const created = Date.parse(f.createdAt);
  const assigned = taken ? Date.parse(f.assignedAt!) : Number.NaN;
  return {
    offline,
    abandoned: !offline && f.status === 'abandoned',
    taken,
    answered,
    missed: !offline && !answered && (f.status === 'closed' || f.status === 'abandoned'),
    wait: taken ? assigned - (f.queuedAt === null || f.queuedAt === f.createdAt ? created : Date.parse(f.queuedAt)) : Number.NaN,
    firstResponse: answered ? Date.parse(f.firstAgentReplyAt!) - created : Number.NaN,
    duration: taken && f.closedAt !== null ? Date.parse(f.closedAt) - assigned : Number.NaN,
    score: taken && typeof f.surveyScore === 'number' ? f.surveyScore : Number.NaN,
  };
};

/** Durations below this many seconds are counted in a dense array; longer ones in a map. */
const DENSE_SECONDS = 3601;

/**
 * The durations of a metric as a histogram of whole seconds, with their count and exact sum in milliseconds.
 * Rounding is monotone, so the nearest-rank 90th percentile of the rounded values is the rounded 90th
 * percentile of the milliseconds, and the sum gives the same average: {@link stats} of the durations and
 * {@link Histogram.stats} agree exactly, while histograms of days merge without the durations themselves.
 */
export class Histogram {
  count = 0;
  /** Sum of the durations in milliseconds (negative ones as 0); exact while below 2⁵³. */
  sum = 0;
  readonly sparse = new Map<number, number>();
  /** Counts of 0..3600 s, allocated at the first one when the histogram is dense. */
  dense: Uint32Array | null = null;

  /** `dense`: many durations will be counted (an array of seconds is then faster than a map). */
  constructor(private readonly isDense = false) {}

  addMs(ms: number): void {
    const v = ms > 0 ? ms : 0;
    this.count++;
    this.sum += v;
    this.put(Math.round(v / 1000), 1);
  }

  put(seconds: number, n: number): void {
    if (this.isDense && seconds < DENSE_SECONDS) {
      if (this.dense === null) this.dense = new Uint32Array(DENSE_SECONDS);
      this.dense[seconds]! += n;
    } else this.sparse.set(seconds, (this.sparse.get(seconds) ?? 0) + n);
  }

  /** Each (seconds, count) pair, seconds ascending. */
  entries(): [number, number][] {
    const out: [number, number][] = [];
    const { dense } = this;
    if (dense !== null) for (let s = 0; s < DENSE_SECONDS; s++) if (dense[s]! > 0) out.push([s, dense[s]!]);
    for (const s of [...this.sparse.keys()].sort((a, b) => a - b)) out.push([s, this.sparse.get(s)!]);
    return out;
  }

  stats(): DurationStats | null {
    const { count, dense } = this;
    if (count === 0) return null;
    const rank = Math.ceil(0.9 * count);
    const avg = Math.round(this.sum / count / 1000);
    let seen = 0;
    if (dense !== null)
      for (let s = 0; s < DENSE_SECONDS; s++) {
        seen += dense[s]!;
        if (seen >= rank) return { count, avg, p90: s };
      }
    for (const s of [...this.sparse.keys()].sort((a, b) => a - b)) {
      seen += this.sparse.get(s)!;
      if (seen >= rank) return { count, avg, p90: s };
    }
    return { count, avg, p90: 0 };
  }
}

/** Collects the figures of chats one at a time, or of whole days at once ({@link mergeDay}). */
export class MetricsBuilder {
  chats = 0;
  offlineRequests = 0;
  answered = 0;
  missed = 0;
  abandoned = 0;
  rated = 0;
  /** The sum of the ratings. */
  scoreSum = 0;
  satisfied = 0;
  readonly wait: Histogram;
  readonly firstResponse: Histogram;
  readonly duration: Histogram;

  /** `dense`: many durations will be counted (a dense array of seconds is then faster than a map). */
  constructor(dense = false) {
    this.wait = new Histogram(dense);
    this.firstResponse = new Histogram(dense);
    this.duration = new Histogram(dense);
  }

  add(f: ChatFigures): void {
    if (f.offline) {
      this.offlineRequests++;
      return;
    }
    this.chats++;
    if (f.abandoned) this.abandoned++;
    if (f.missed) this.missed++;
    if (f.answered) this.answered++;
    if (!f.taken) return;
    this.wait.addMs(f.wait);
    if (!Number.isNaN(f.firstResponse)) this.firstResponse.addMs(f.firstResponse);
    if (!Number.isNaN(f.duration)) this.duration.addMs(f.duration);
    if (!Number.isNaN(f.score)) {
      this.rated++;
      this.scoreSum += f.score;
      if (f.score >= SATISFIED_SCORE) this.satisfied++;
    }
  }

  build(): ChatMetrics {
    const { chats, offlineRequests, answered, missed, abandoned } = this;
    return {
      chats,
      offlineRequests,
      answered,
      missed,
      abandoned,
      wait: this.wait.stats(),
      firstResponse: this.firstResponse.stats(),
      duration: this.duration.stats(),
      satisfaction:
        this.rated === 0
          ? null
          : { rated: this.rated, average: Math.round((this.scoreSum / this.rated) * 10) / 10, satisfied: this.satisfied },
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

/** The figures of one local day: its totals, per agent and per widget (see {@link encodeDay}). */
export interface DayFigures {
  readonly totals: MetricsBuilder;
  readonly agents: Map<Id, MetricsBuilder>;
  readonly widgets: Map<Id, MetricsBuilder>;
}

const builderOf = <K>(map: Map<K, MetricsBuilder>, key: K, dense = false) => {
  let b = map.get(key);
  if (!b) map.set(key, (b = new MetricsBuilder(dense)));
  return b;
};

/**
 * A chat report of the days `from`..`to` (local days of the calendar's zone, both included) from the chats'
 * facts: totals, one row per day, per agent and per widget. Pure: the same facts give the same report.
 */
export const buildChatReport = (facts: readonly ChatReportFact[], calendar: ZoneCalendar, from: string, to: string): ChatReportData =>
  buildChatReportFromDays(facts, new Map(), calendar, from, to, () => false).report;

/**
 * {@link buildChatReport} from the figures of settled days already encoded (`rolled`, by day) and the facts
 * of the other days (facts of a rolled day are ignored). The days for which `keep` is true and whose chats
 * have all ended are encoded in `settled`, to be stored and read back later instead of their facts: the
 * report is the same either way.
 */
export const buildChatReportFromDays = (
  facts: readonly ChatReportFact[],
  rolled: ReadonlyMap<string, Uint8Array>,
  calendar: ZoneCalendar,
  from: string,
  to: string,
  keep: (day: string) => boolean,
): { report: ChatReportData; settled: ChatReportDay[] } => {
  const totals = new MetricsBuilder(true);
  const dates = daysBetween(from, to);
  const perDay = dates.map(() => new MetricsBuilder(true));
  const agents = new Map<Id, MetricsBuilder>();
  const widgets = new Map<Id, MetricsBuilder>();
  const isRolled = dates.map((d) => rolled.has(d));
  for (let i = 0; i < dates.length; i++) {
    const figures = rolled.get(dates[i]!);
    if (figures)
      decodeDay(
        figures,
        perDay[i]!,
        totals,
        (id) => builderOf(agents, id, true),
        (id) => builderOf(widgets, id, true),
      );
  }
  // The days kept: their own figures, and whether a chat of theirs is still open.
  const kept: (DayFigures & { open: boolean })[] = dates.map(() => ({
    totals: new MetricsBuilder(),
    agents: new Map(),
    widgets: new Map(),
    open: false,
  }));
  const keeping = dates.map((d, i) => !isRolled[i] && keep(d));
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
  for (const f of facts) {
    const d = dayIndex(f.createdAt);
    if (d >= 0 && isRolled[d]) continue;
    const figures = figuresOf(f);
    totals.add(figures);
    const byAgent = f.agentId !== null && figures.taken;
    if (byAgent) builderOf(agents, f.agentId!, true).add(figures);
    builderOf(widgets, f.widgetId, true).add(figures);
    if (d < 0) continue;
    perDay[d]!.add(figures);
    if (keeping[d]) {
      const k = kept[d]!;
      if (!isFinalChat(f)) k.open = true;
      k.totals.add(figures);
      if (byAgent) builderOf(k.agents, f.agentId!).add(figures);
      builderOf(k.widgets, f.widgetId).add(figures);
    }
  }
  const settled: ChatReportDay[] = [];
  for (let i = 0; i < dates.length; i++) if (keeping[i] && !kept[i]!.open) settled.push({ day: dates[i]!, figures: encodeDay(kept[i]!) });
  return {
    report: {
      totals: totals.build(),
      days: dates.map((date, i) => ({ date, ...perDay[i]!.build() })),
      agents: [...agents]
        .map(([agentId, b]) => ({ agentId, ...b.build() }))
        .sort((a, b) => b.chats - a.chats || (a.agentId < b.agentId ? -1 : 1)),
      widgets: [...widgets]
        .map(([widgetId, b]) => ({ widgetId, ...b.build() }))
        .sort((a, b) => b.chats + b.offlineRequests - (a.chats + a.offlineRequests) || (a.widgetId < b.widgetId ? -1 : 1)),
    },
    settled,
  };
};

/*
 * A day's figures as bytes: a little-endian u32 giving the length of a UTF-8 JSON header
 * `{"v":3,"a":[agent ids],"w":[widget ids]}`, the header, then unsigned LEB128 varints: the day's totals, each
 * agent's and each widget's figures in the header's order. Figures are chats, offline requests, answered,
 * missed, abandoned, rated, the sum of the ratings, satisfied, then for wait, first response and duration:
 * count, the sum of milliseconds, the number
 * of pairs, and (seconds, count) pairs, seconds ascending and each given as the difference from the one
 * before. Most numbers fit in one byte, so a day of 2,700 chats takes about 30 KB.
 */
/**
 * The encoding {@link encodeDay} writes now; days stored in another ({@link isCurrentDay} false) are computed again:
 * 2 counted ratings, 3 counts a chat as answered only once an agent replied (2 counted every chat an agent took).
 */
const DAY_ENCODING = 3;

/** A stored day's header, and where its figures begin. */
const dayHeader = (bytes: Uint8Array): { header: { v?: number; a: Id[]; w: Id[] }; end: number } => {
  const end = 4 + bytes[0]! + bytes[1]! * 256 + bytes[2]! * 65_536 + bytes[3]! * 16_777_216;
  return { header: JSON.parse(new TextDecoder().decode(bytes.subarray(4, end))) as { v?: number; a: Id[]; w: Id[] }, end };
};

/** Whether a stored day was encoded as {@link encodeDay} encodes now (one from before ratings or replies were counted is not). */
export const isCurrentDay = (bytes: Uint8Array): boolean => {
  try {
    return dayHeader(bytes).header.v === DAY_ENCODING;
  } catch {
    return false;
  }
};

export const encodeDay = (day: DayFigures): Uint8Array => {
  const agentIds = [...day.agents.keys()];
  const widgetIds = [...day.widgets.keys()];
  const header = new TextEncoder().encode(JSON.stringify({ v: DAY_ENCODING, a: agentIds, w: widgetIds }));
  const out: number[] = [header.length & 255, (header.length >>> 8) & 255, (header.length >>> 16) & 255, header.length >>> 24];
  for (const b of header) out.push(b);
  const varint = (n: number) => {
    while (n >= 128) {
      out.push((n % 128) + 128);
      n = Math.floor(n / 128);
    }
    out.push(n);
  };
  const put = (b: MetricsBuilder) => {
    varint(b.chats);
    varint(b.offlineRequests);
    varint(b.answered);
    varint(b.missed);
    varint(b.abandoned);
    varint(b.rated);
    varint(b.scoreSum);
    varint(b.satisfied);
    for (const h of [b.wait, b.firstResponse, b.duration]) {
      const pairs = h.entries();
      varint(h.count);
      varint(h.sum);
      varint(pairs.length);
      let last = 0;
      for (const [s, n] of pairs) {
        varint(s - last);
        varint(n);
        last = s;
      }
    }
  };
  put(day.totals);
  for (const id of agentIds) put(day.agents.get(id)!);
  for (const id of widgetIds) put(day.widgets.get(id)!);
  return Uint8Array.from(out);
};

/** Adds a day encoded by {@link encodeDay}: its totals to `day` and `totals`, its agents' and widgets' figures to theirs. */
export const decodeDay = (
  bytes: Uint8Array,
  day: MetricsBuilder,
  totals: MetricsBuilder,
  agentOf: (id: Id) => MetricsBuilder,
  widgetOf: (id: Id) => MetricsBuilder,
): void => {
  const { header, end } = dayHeader(bytes);
  let at = end;
  const next = (): number => {
    let b = bytes[at++]!;
    if (b < 128) return b;
    let n = b - 128;
    let scale = 128;
    for (;;) {
      b = bytes[at++]!;
      if (b < 128) return n + b * scale;
      n += (b - 128) * scale;
      scale *= 128;
    }
  };
  const histogram = (h: Histogram, also: Histogram | undefined) => {
    const count = next();
    const sum = next();
    h.count += count;
    h.sum += sum;
    if (also) {
      also.count += count;
      also.sum += sum;
    }
    const pairs = next();
    let s = 0;
    for (let p = 0; p < pairs; p++) {
      s += next();
      const n = next();
      h.put(s, n);
      also?.put(s, n);
    }
  };
  /** Adds the next figures to `b` and, when given, `also`. */
  const merge = (b: MetricsBuilder, also?: MetricsBuilder) => {
    const chats = next();
    const offlineRequests = next();
    const answered = next();
    const missed = next();
    const abandoned = next();
    const rated = next();
    const scoreSum = next();
    const satisfied = next();
    for (const x of also ? [b, also] : [b]) {
      x.chats += chats;
      x.offlineRequests += offlineRequests;
      x.answered += answered;
      x.missed += missed;
      x.abandoned += abandoned;
      x.rated += rated;
      x.scoreSum += scoreSum;
      x.satisfied += satisfied;
    }
    histogram(b.wait, also?.wait);
    histogram(b.firstResponse, also?.firstResponse);
    histogram(b.duration, also?.duration);
  };
  merge(day, totals);
  for (const id of header.a) merge(agentOf(id));
  for (const id of header.w) merge(widgetOf(id));
};
