import { describe, expect, it } from 'vitest';
import type { ChatReportFact } from '../ports/chat-storage.js';
import {
  buildChatReport,
  buildChatReportFromDays,
  type ChatMetrics,
  encodeDay,
  Histogram,
  isCurrentDay,
  MetricsBuilder,
  stats,
} from './chat-report.js';
import { addDays, daysBetween, localDaysOf, ZoneCalendar } from './time-zone.js';

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
        surveyScore: null,
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
        surveyScore: null,
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
        // About a third of the visitors whose chat ended rate it.
        surveyScore: !open && random() < 0.35 ? pick([1, 2, 3, 4, 5, 5, 4]) : null,
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
    scores: [] as number[],
  };
  for (const f of facts) {
    if (f.kind === 'offline') {
      m.offlineRequests++;
      continue;
    }
    m.chats++;
    const taken = f.assignedAt !== null;
    const answered = taken && f.firstAgentReplyAt !== null;
    if (f.status === 'abandoned') m.abandoned++;
    if (!answered && (f.status === 'closed' || f.status === 'abandoned')) m.missed++;
    if (answered) m.answered++;
    if (!taken) continue;
    const created = Date.parse(f.createdAt);
    const assigned = Date.parse(f.assignedAt!);
    m.wait.push(assigned - (f.queuedAt === null ? created : Date.parse(f.queuedAt)));
    if (f.firstAgentReplyAt !== null) m.fr.push(Date.parse(f.firstAgentReplyAt) - created);
    if (f.closedAt !== null) m.dur.push(Date.parse(f.closedAt) - assigned);
    if (f.surveyScore !== null) m.scores.push(f.surveyScore);
  }
  const { wait, fr, dur, scores, ...counts } = m;
  const satisfaction =
    scores.length === 0
      ? null
      : {
          rated: scores.length,
          average: Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10,
          satisfied: scores.filter((v) => v >= 4).length,
        };
  return { ...counts, wait: stats(wait), firstResponse: stats(fr), duration: stats(dur), satisfaction };
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

describe('answered and missed chats', () => {
  it('count a chat as answered once an agent replied in it, and one its agent never wrote in as missed, on that agent’s row', () => {
    const chat = (status: 'active' | 'closed' | 'abandoned', assigned: boolean, replied: boolean): ChatReportFact => ({
      widgetId: 'w1',
      agentId: assigned ? 'a1' : null,
      kind: 'chat',
      status,
      createdAt: '2026-03-02T09:00:00.000Z',
      queuedAt: '2026-03-02T09:00:00.000Z',
      assignedAt: assigned ? '2026-03-02T09:00:10.000Z' : null,
      firstAgentReplyAt: replied ? '2026-03-02T09:00:30.000Z' : null,
      closedAt: status === 'active' ? null : '2026-03-02T09:10:00.000Z',
      surveyScore: null,
    });
    const report = buildChatReport(
      [
        chat('closed', true, true), // answered
        chat('abandoned', true, false), // taken, never written in: missed
        chat('closed', true, false), // the same, closed by the agent
        chat('abandoned', false, false), // nobody took it: missed
        chat('active', true, false), // still going: neither yet
      ],
      new ZoneCalendar('UTC'),
      '2026-03-02',
      '2026-03-02',
    );
    expect([report.totals.chats, report.totals.answered, report.totals.missed]).toEqual([5, 1, 3]);
    // The agent's row holds the chats given to them: one answered, two missed; each one's wait counts.
    const a1 = report.agents.find((a) => a.agentId === 'a1')!;
    expect([a1.chats, a1.answered, a1.missed]).toEqual([4, 1, 2]);
    expect(a1.wait).toEqual({ count: 4, avg: 10, p90: 10 });
    expect(a1.firstResponse).toEqual({ count: 1, avg: 30, p90: 30 });
  });
});

describe('ratings in chat reports', () => {
  it('count the ratings of answered chats: how many, their average to one decimal, and how many were 4 or 5', () => {
    const answered = (surveyScore: number | null, agentId = 'a1'): ChatReportFact => ({
      widgetId: 'w1',
      agentId,
      kind: 'chat',
      status: 'closed',
      createdAt: '2026-03-02T09:00:00.000Z',
      queuedAt: '2026-03-02T09:00:00.000Z',
      assignedAt: '2026-03-02T09:00:10.000Z',
      firstAgentReplyAt: '2026-03-02T09:00:20.000Z',
      closedAt: '2026-03-02T09:10:00.000Z',
      surveyScore,
    });
    const report = buildChatReport(
      [answered(5), answered(4), answered(2, 'a2'), answered(null), answered(5, 'a2')],
      new ZoneCalendar('UTC'),
      '2026-03-02',
      '2026-03-02',
    );
    expect(report.totals.satisfaction).toEqual({ rated: 4, average: 4, satisfied: 3 });
    expect(report.agents.map((a) => [a.agentId, a.satisfaction])).toEqual([
      ['a1', { rated: 2, average: 4.5, satisfied: 2 }],
      ['a2', { rated: 2, average: 3.5, satisfied: 1 }],
    ]);
    expect(buildChatReport([answered(null)], new ZoneCalendar('UTC'), '2026-03-02', '2026-03-02').totals.satisfaction).toBeNull();
  });

  it('tell a day stored before ratings were counted from one stored now', () => {
    const day = { totals: new MetricsBuilder(), agents: new Map(), widgets: new Map() };
    expect(isCurrentDay(encodeDay(day))).toBe(true);
    const header = new TextEncoder().encode(JSON.stringify({ a: [], w: [] }));
    const before = Uint8Array.from([header.length, 0, 0, 0, ...header, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(isCurrentDay(before)).toBe(false);
    expect(isCurrentDay(new Uint8Array([9, 9]))).toBe(false);
  });

  it('find the local days an instant falls on in any time zone, from UTC−12 to UTC+14', () => {
    expect(localDaysOf('2026-03-02T11:00:00.000Z')).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
    expect(localDaysOf('2026-03-02T00:30:00.000Z')).toEqual(['2026-03-01', '2026-03-02']);
    expect(localDaysOf('2026-03-02T23:30:00.000Z')).toEqual(['2026-03-02', '2026-03-03']);
  });
});
