import { describe, expect, it } from 'vitest';
import type { ChatReportFact } from '../ports/chat-storage.js';
import { buildChatReport, buildChatReportFromDays, type ChatMetrics, Histogram, stats } from './chat-report.js';
import { addDays, daysBetween, ZoneCalendar } from './time-zone.js';

let seed = 12345;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;

/** Random facts from `fromMs` over `days` days: offline requests, missed, answered (some still open), odd durations. */
const randomFacts = (fromMs: number, days: number, n: number): ChatReportFact[] => {
  const facts: ChatReportFact[] = [];
  const iso = (ms: number) => new Date(ms).toISOString();
  for (let i = 0; i < n; i++) {
    const created = fromMs + Math.floor(random() * days * 86_400_000);
    const widgetId = pick(['w1', 'w2', 'w3']);
    const r = random();
    const base = { widgetId, createdAt: iso(created) };
    if (r < 0.1)
      facts.push({
        ...base,
        agentId: null,
        kind: 'offline',
        status: 'offline',
        queuedAt: null,
        assignedAt: null,
        firstAgentReplyAt: null,
        closedAt: null,
      });
    else if (r < 0.25)
      facts.push({
        ...base,
        agentId: null,
        kind: 'chat',
        status: pick(['abandoned', 'closed', 'queued'] as const),
        queuedAt: iso(created + 1000),
        assignedAt: null,
        firstAgentReplyAt: null,
        closedAt: iso(created + 90_000),
      });
    else {
      // Durations with half-second edges, negatives (clock skew) and some longer than an hour.
      const assigned = created + pick([0, 499, 500, 1500, -2000, Math.floor(random() * 300_000), 3_700_000]);
      const replied = random() < 0.2 ? null : assigned + Math.floor(random() * 90_000) - 1000;
      const open = random() < 0.05;
      facts.push({
        ...base,
        agentId: pick(['a1', 'a2', 'a3', 'a4']),
        kind: 'chat',
        status: open ? 'active' : pick(['closed', 'abandoned'] as const),
        queuedAt: random() < 0.5 ? base.createdAt : iso(created + 250),
        assignedAt: iso(assigned),
        firstAgentReplyAt: replied === null ? null : iso(replied),
        closedAt: open ? null : iso(assigned + Math.floor(random() * 8_000_000)),
      });
    }
  }
  return facts;
};

/** The figures as they were computed before rollups: every duration kept, sorted, percentile picked. */
const reference = (facts: readonly ChatReportFact[]): ChatMetrics => {
  const m = {
    chats: 0,
    offlineRequests: 0,
    answered: 0,
    missed: 0,
    abandoned: 0,
    wait: [] as number[],
    fr: [] as number[],
    dur: [] as number[],
  };
  for (const f of facts) {
    if (f.kind === 'offline') {
      m.offlineRequests++;
      continue;
    }
    m.chats++;
    const answered = f.assignedAt !== null;
    if (f.status === 'abandoned') m.abandoned++;
    if (!answered && (f.status === 'closed' || f.status === 'abandoned')) m.missed++;
    if (!answered) continue;
    m.answered++;
    const created = Date.parse(f.createdAt);
    const assigned = Date.parse(f.assignedAt!);
    m.wait.push(assigned - (f.queuedAt === null ? created : Date.parse(f.queuedAt)));
    if (f.firstAgentReplyAt !== null) m.fr.push(Date.parse(f.firstAgentReplyAt) - created);
    if (f.closedAt !== null) m.dur.push(Date.parse(f.closedAt) - assigned);
  }
  const { wait, fr, dur, ...counts } = m;
  return { ...counts, wait: stats(wait), firstResponse: stats(fr), duration: stats(dur) };
};

const ZONES = ['Europe/Berlin', 'Asia/Kathmandu', 'America/St_Johns', 'UTC'];

describe('chat report histograms', () => {
  it('give the same whole-second average and nearest-rank p90 as the sorted durations', () => {
    for (let t = 0; t < 200; t++) {
      const ms = Array.from(
        { length: 1 + Math.floor(random() * 50) },
        () => Math.floor(random() * 8_000_000) - 1_000 + pick([0, 500, 3_600_000]),
      );
      const h = new Histogram(random() < 0.5);
      for (const v of ms) h.addMs(v);
      expect(h.stats()).toEqual(stats(ms));
    }
  });
});

describe('chat reports from rolled-up days', () => {
  it('equal the report from the facts alone, across daylight-saving changes and quarter-hour zones, with open and settled days', () => {
    // March and October 2026 (DST changes in Europe and North America) and a quiet stretch around them.
    const facts = randomFacts(Date.UTC(2026, 2, 20), 230, 3000);
    for (const zone of ZONES) {
      const calendar = new ZoneCalendar(zone);
      const from = '2026-03-22';
      const to = '2026-11-01';
      const range = (a: string, b: string) => {
        const [start, end] = [calendar.startOf(a), calendar.startOf(addDays(b, 1))];
        return facts.filter((f) => f.createdAt >= start && f.createdAt < end);
      };
      const expected = buildChatReport(range(from, to), calendar, from, to);
      // The facts alone give what every duration sorted gives.
      expect(expected.totals).toEqual(reference(range(from, to)));
      for (const day of expected.days.filter((_, i) => i % 17 === 0))
        expect(day).toEqual({ date: day.date, ...reference(range(day.date, day.date)) });
      for (const a of expected.agents)
        expect(a).toEqual({
          agentId: a.agentId,
          ...reference(range(from, to).filter((f) => f.agentId === a.agentId && f.assignedAt !== null && f.kind !== 'offline')),
        });

      // Roll up every other day of the first half; days with an open chat must not settle.
      const keep = (d: string) => d < '2026-07-01' && d.charCodeAt(9) % 2 === 0;
      const first = buildChatReportFromDays(range(from, to), new Map(), calendar, from, to, keep);
      expect(first.report).toEqual(expected);
      const settledDays = new Set(first.settled.map((d) => d.day));
      expect(settledDays.size).toBeGreaterThan(10);
      for (const day of daysBetween(from, to).filter(keep)) {
        const open = range(day, day).some((f) => f.kind !== 'offline' && f.status !== 'closed' && f.status !== 'abandoned');
        expect(settledDays.has(day)).toBe(!open);
      }
      const rolled = new Map(first.settled.map((d) => [d.day, d.figures]));
      // The facts of rolled days are ignored whether or not they are passed.
      expect(buildChatReportFromDays(range(from, to), rolled, calendar, from, to, () => false).report).toEqual(expected);
      const rolledRanges = [...rolled.keys()].map((d) => [calendar.startOf(d), calendar.startOf(addDays(d, 1))] as const);
      const notRolled = range(from, to).filter((f) => !rolledRanges.some(([a, b]) => a <= f.createdAt && f.createdAt < b));
      const second = buildChatReportFromDays(notRolled, rolled, calendar, from, to, () => false);
      expect(second.report).toEqual(expected);
      // A shorter range reads the rolled days it covers.
      expect(
        buildChatReportFromDays(range('2026-04-01', '2026-04-30'), rolled, calendar, '2026-04-01', '2026-04-30', () => false).report,
      ).toEqual(buildChatReport(range('2026-04-01', '2026-04-30'), calendar, '2026-04-01', '2026-04-30'));
    }
  });
});
