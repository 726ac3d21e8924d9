import { describe, expect, it } from 'vitest';
import { expectParleyError, makeWorld } from '../../test-support/fakes.js';
import { sampleChat } from '../../test-support/integration-fixtures.js';
import type { Chat } from '../model/chat.js';
import { isCurrentDay } from '../reports/chat-report.js';

/** An account with two widgets, two agents, and chats of early March 2026 stored as they ended. */
const setup = async () => {
  const w = await makeWorld();
  const support = await w.parley.widgets.create(w.owner, { name: 'Support' });
  const sales = await w.parley.widgets.create(w.owner, { name: 'Sales' });
  const ann = await w.addUser('agent', 'Ann Agent');
  const bob = await w.addUser('agent', 'Bob Agent');
  let n = 0;
  const chat = (o: Partial<Chat>): Chat =>
    sampleChat({ id: `c-${++n}`, accountId: w.account.id, visitorTokenHash: String(n).padStart(64, '0'), ...o });
  /** A chat taken after `waitS` seconds, first answered `replyS` after it started, lasting `lengthS`. */
  const answered = (start: string, widgetId: string, agentId: string, waitS: number, replyS: number, lengthS: number) => {
    const t = Date.parse(start);
    const iso = (s: number) => new Date(t + s * 1000).toISOString();
    return chat({
      widgetId,
      agentId,
      status: 'closed',
      createdAt: iso(0),
      queuedAt: iso(0),
      assignedAt: iso(waitS),
      firstAgentReplyAt: iso(replyS),
      closedAt: iso(waitS + lengthS),
    });
  };
  const chats = [
    answered('2026-03-02T09:00:00.000Z', support.id, ann.user.id, 10, 20, 300),
    answered('2026-03-02T10:00:00.000Z', support.id, ann.user.id, 30, 60, 600),
    answered('2026-03-02T23:30:00.000Z', sales.id, bob.user.id, 50, 55, 100), // 00:30 on March 3rd in Berlin
    chat({
      widgetId: support.id,
      agentId: null,
      status: 'abandoned',
      createdAt: '2026-03-03T08:00:00.000Z',
      queuedAt: '2026-03-03T08:00:00.000Z',
      assignedAt: null,
      firstAgentReplyAt: null,
      closedAt: '2026-03-03T08:04:00.000Z',
    }),
    chat({
      widgetId: sales.id,
      kind: 'offline',
      status: 'offline',
      agentId: null,
      createdAt: '2026-03-04T12:00:00.000Z',
      queuedAt: null,
      assignedAt: null,
      firstAgentReplyAt: null,
      closedAt: null,
    }),
    answered('2026-03-09T12:00:00.000Z', support.id, ann.user.id, 1, 2, 3), // after the range
  ];
  await w.storage.transaction(async (r) => {
    for (const c of chats) await r.chats.insert(c);
  });
  return { ...w, support, sales, ann, bob };
};

/** The visitor of a stored chat, as the chat routes identify them. */
const visitorOf = (w: Awaited<ReturnType<typeof setup>>, chatId: string) => ({
  kind: 'visitor' as const,
  chatId,
  accountId: w.account.id,
  widgetId: chatId === 'c-3' ? w.sales.id : w.support.id,
});

describe('chat reports', () => {
  it('counts chats per local day with wait, first response and duration, per agent and per widget', async () => {
    const w = await setup();
    const report = await w.parley.reports.chats(w.owner, { from: '2026-03-01', to: '2026-03-05', timeZone: 'Europe/Berlin' });
    expect(report).toMatchObject({ from: '2026-03-01', to: '2026-03-05', timeZone: 'Europe/Berlin', widgetId: null });
    expect(report.totals).toEqual({
      chats: 4,
      offlineRequests: 1,
      answered: 3,
      missed: 1,
      abandoned: 1,
      wait: { count: 3, avg: 30, p90: 50 },
      firstResponse: { count: 3, avg: 45, p90: 60 },
      duration: { count: 3, avg: 333, p90: 600 },
      satisfaction: null,
    });
    expect(report.days.map((d) => [d.date, d.chats, d.offlineRequests])).toEqual([
      ['2026-03-01', 0, 0],
      ['2026-03-02', 2, 0],
      ['2026-03-03', 2, 0],
      ['2026-03-04', 0, 1],
      ['2026-03-05', 0, 0],
    ]);
    expect(report.days[0]).toMatchObject({ wait: null, firstResponse: null, duration: null });
    expect(report.agents.map((a) => [a.name, a.chats, a.wait?.avg])).toEqual([
      ['Ann Agent', 2, 20],
      ['Bob Agent', 1, 50],
    ]);
    expect(report.widgets.map((x) => [x.name, x.chats, x.offlineRequests, x.missed])).toEqual([
      ['Support', 3, 0, 1],
      ['Sales', 1, 1, 0],
    ]);
  });

  it('rolls up days that ended and whose chats all ended, and answers the same from them', async () => {
    const w = await setup();
    const query = { from: '2026-03-01', to: '2026-03-05', timeZone: 'Europe/Berlin' };
    // Before the days end nothing is rolled up.
    w.clock.set('2026-03-01T22:55:00.000Z'); // March 1st in Berlin ended 5 minutes ago: too recent
    const early = await w.parley.reports.chats(w.owner, query);
    expect(await w.storage.read((r) => r.chats.reportDays(w.account.id, 'Europe/Berlin', '2026-03-01', '2026-03-05'))).toEqual([]);
    // A chat of March 4th still open keeps that day out of the rollup.
    await w.storage.transaction((r) =>
      r.chats.insert(
        sampleChat({
          id: 'open',
          accountId: w.account.id,
          widgetId: w.support.id,
          visitorTokenHash: 'f'.repeat(64),
          status: 'queued',
          createdAt: '2026-03-04T15:00:00.000Z',
          queuedAt: '2026-03-04T15:00:00.000Z',
          assignedAt: null,
          firstAgentReplyAt: null,
          closedAt: null,
        }),
      ),
    );
    w.clock.set('2026-04-01T00:00:00.000Z');
    const first = await w.parley.reports.chats(w.owner, query);
    expect(first.totals.chats).toBe(early.totals.chats + 1);
    const stored = await w.storage.read((r) => r.chats.reportDays(w.account.id, 'Europe/Berlin', '2026-03-01', '2026-03-05'));
    expect(stored.map((d) => d.day).sort()).toEqual(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-05']);
    expect(await w.parley.reports.chats(w.owner, query)).toEqual(first);
    // Another zone has its own days.
    expect(await w.storage.read((r) => r.chats.reportDays(w.account.id, 'UTC', '2026-03-01', '2026-03-05'))).toEqual([]);
  });

  it('counts the visitors’ ratings, also one given after its day was rolled up', async () => {
    const w = await setup();
    const query = { from: '2026-03-01', to: '2026-03-05', timeZone: 'Europe/Berlin' };
    await w.parley.chats.takeSurvey(visitorOf(w, 'c-1'), { score: 5, comment: 'Thanks!' });
    w.clock.set('2026-04-01T00:00:00.000Z');
    const first = await w.parley.reports.chats(w.owner, query);
    expect(first.totals.satisfaction).toEqual({ rated: 1, average: 5, satisfied: 1 });
    expect(first.agents.map((a) => [a.name, a.satisfaction])).toEqual([
      ['Ann Agent', { rated: 1, average: 5, satisfied: 1 }],
      ['Bob Agent', null],
    ]);
    const stored = () => w.storage.read((r) => r.chats.reportDays(w.account.id, 'Europe/Berlin', '2026-03-01', '2026-03-05'));
    expect((await stored()).map((d) => d.day)).toContain('2026-03-02');
    // Weeks later the visitor of March 2nd's other chat rates it: the stored day is forgotten and computed again.
    await w.parley.chats.takeSurvey(visitorOf(w, 'c-2'), { score: 3 });
    expect((await stored()).map((d) => d.day)).not.toContain('2026-03-02');
    const again = await w.parley.reports.chats(w.owner, query);
    expect(again.totals.satisfaction).toEqual({ rated: 2, average: 4, satisfied: 1 });
    expect(again.days.find((d) => d.date === '2026-03-02')!.satisfaction).toEqual({ rated: 2, average: 4, satisfied: 1 });
    expect((await stored()).map((d) => d.day)).toContain('2026-03-02');
    expect(await w.parley.reports.chats(w.owner, query)).toEqual(again);
  });

  it('computes again, and replaces, a day stored in an older encoding (before ratings were counted)', async () => {
    const w = await setup();
    const query = { from: '2026-03-01', to: '2026-03-05', timeZone: 'Europe/Berlin' };
    await w.parley.chats.takeSurvey(visitorOf(w, 'c-1'), { score: 4 });
    // March 2nd as an older Parley stored it: a header without the encoding's version, and no ratings.
    const header = new TextEncoder().encode(JSON.stringify({ a: [], w: [] }));
    const old = Uint8Array.from([header.length, 0, 0, 0, ...header, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    await w.storage.transaction((r) => r.chats.saveReportDays(w.account.id, 'Europe/Berlin', [{ day: '2026-03-02', figures: old }]));
    w.clock.set('2026-04-01T00:00:00.000Z');
    const report = await w.parley.reports.chats(w.owner, query);
    expect(report.days.find((d) => d.date === '2026-03-02')).toMatchObject({ chats: 2, satisfaction: { rated: 1, average: 4 } });
    const stored = await w.storage.read((r) => r.chats.reportDays(w.account.id, 'Europe/Berlin', '2026-03-02', '2026-03-02'));
    expect(stored.map((d) => isCurrentDay(d.figures))).toEqual([true]);
    expect(await w.parley.reports.chats(w.owner, query)).toEqual(report);
  });

  it('counts days in the time zone asked for, and one widget when asked', async () => {
    const w = await setup();
    const utc = await w.parley.reports.chats(w.owner, { from: '2026-03-02', to: '2026-03-02' });
    expect(utc).toMatchObject({ timeZone: 'UTC', totals: { chats: 3 } });
    const support = await w.parley.reports.chats(w.owner, { from: '2026-03-01', to: '2026-03-31', widgetId: w.support.id });
    expect(support.totals).toMatchObject({ chats: 4, answered: 3, missed: 1 });
    expect(support.widgets.map((x) => x.widgetId)).toEqual([w.support.id]);
  });

  it('exports the report as CSV: days, agents, widgets and totals', async () => {
    const w = await setup();
    const csv = await w.parley.reports.chatsCsv(w.owner, { from: '2026-03-02', to: '2026-03-03', timeZone: 'Europe/Berlin' });
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'group,key,name,chats,answered,missed,abandoned,offline_requests,avg_wait_s,p90_wait_s,avg_first_response_s,p90_first_response_s,avg_duration_s,p90_duration_s,rated,avg_rating,satisfied',
    );
    expect(lines[1]).toBe('day,2026-03-02,,2,2,0,0,0,20,30,40,60,450,600,0,,0');
    expect(lines).toContain(`agent,${w.bob.user.id},Bob Agent,1,1,0,0,0,50,50,55,55,100,100,0,,0`);
    expect(lines.at(-1)).toBe('total,,,4,3,1,1,0,30,50,45,60,333,600,0,,0');
    await w.parley.chats.takeSurvey(visitorOf(w, 'c-1'), { score: 5 });
    await w.parley.chats.takeSurvey(visitorOf(w, 'c-3'), { score: 2 });
    const rated = (await w.parley.reports.chatsCsv(w.owner, { from: '2026-03-02', to: '2026-03-03', timeZone: 'Europe/Berlin' }))
      .trimEnd()
      .split('\r\n');
    expect(rated.at(-1)).toBe('total,,,4,3,1,1,0,30,50,45,60,333,600,2,3.5,1');
  });

  it('is for supervisors and up, and refuses bad ranges, zones and widgets with field errors', async () => {
    const w = await setup();
    const supervisor = await w.addUser('supervisor');
    expect((await w.parley.reports.chats(supervisor.p, { from: '2026-03-01', to: '2026-03-05' })).totals.chats).toBe(4);
    await expectParleyError(w.parley.reports.chats(w.ann.p, { from: '2026-03-01', to: '2026-03-05' }), 'forbidden');
    const bad = async (q: Record<string, string>, path: string) => {
      const e = await expectParleyError(w.parley.reports.chats(w.owner, q as never), 'validation_failed');
      expect(e.details.map((d) => d.path)).toContain(path);
    };
    await bad({ from: '2026-03-05', to: '2026-03-01' }, '/to');
    await bad({ from: '2025-01-01', to: '2026-03-01' }, '/to');
    await bad({ from: '2026-02-30', to: '2026-03-01' }, '/from');
    await bad({ from: '2026-03-01', to: '2026-03-02', timeZone: 'Mars/Olympus' }, '/timeZone');
    await expectParleyError(
      w.parley.reports.chats(w.owner, { from: '2026-03-01', to: '2026-03-02', widgetId: 'no-such-widget' }),
      'not_found',
    );
  });
});
