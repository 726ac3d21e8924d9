import { describe, expect, it } from 'vitest';
import type { ChatReportFact, Id, Repositories, Storage } from '@parley/core';
import { buildChat } from './chat-suite.js';
import { seedAccount, seedWidget } from './fixtures.js';

const byCreated = (facts: readonly ChatReportFact[]) =>
  [...facts].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));

/** Registers the report tests of the storage conformance suite (`ChatRepository.reportFacts`). */
export function defineChatReportTests(storage: () => Storage): void {
  const tx = <T>(fn: (r: Repositories) => Promise<T>): Promise<T> => storage().transaction(fn);
  const read = <T>(fn: (r: Repositories) => Promise<T>): Promise<T> => storage().read(fn);

  describe('chat reports', () => {
    it('reads every chat and offline request created in [from, to) with the timestamps reports need, of the account only', async () => {
      const account = await seedAccount(storage());
      const other = await seedAccount(storage());
      const widget = await seedWidget(storage(), account.id);
      const widget2 = await seedWidget(storage(), account.id);
      const foreignWidget = await seedWidget(storage(), other.id);
      const at = (day: number, h = 9) => `2026-03-${String(day).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00.000Z`;
      const answered = buildChat(account.id, widget.id, {
        status: 'closed',
        agentId: 'agent-a',
        createdAt: at(2),
        queuedAt: at(2),
        assignedAt: '2026-03-02T09:00:30.000Z',
        firstAgentReplyAt: '2026-03-02T09:01:00.000Z',
        closedAt: '2026-03-02T09:20:00.000Z',
        survey: { score: 4, comment: 'Quick and kind', at: '2026-03-02T09:21:00.000Z' },
      });
      const missed = buildChat(account.id, widget2.id, {
        status: 'abandoned',
        createdAt: at(3),
        queuedAt: at(3),
        closedAt: '2026-03-03T09:05:00.000Z',
      });
      const offline = buildChat(account.id, widget.id, { kind: 'offline', status: 'offline', createdAt: at(4), queuedAt: null });
      const atStart = buildChat(account.id, widget.id, { createdAt: '2026-03-01T00:00:00.000Z' });
      const atEnd = buildChat(account.id, widget.id, { createdAt: '2026-03-10T00:00:00.000Z' });
      const before = buildChat(account.id, widget.id, { createdAt: '2026-02-28T23:59:59.999Z' });
      const foreign = buildChat(other.id, foreignWidget.id, { createdAt: at(5) });
      await tx(async (r) => {
        for (const c of [answered, missed, offline, atStart, atEnd, before, foreign]) await r.chats.insert(c);
      });

      const facts = byCreated(
        await read((r) => r.chats.reportFacts(account.id, { from: '2026-03-01T00:00:00.000Z', to: '2026-03-10T00:00:00.000Z' })),
      );
      const fact = (c: typeof answered): ChatReportFact => ({
        widgetId: c.widgetId,
        agentId: c.agentId,
        kind: c.kind,
        status: c.status,
        createdAt: c.createdAt,
        queuedAt: c.queuedAt,
        assignedAt: c.assignedAt,
        firstAgentReplyAt: c.firstAgentReplyAt,
        closedAt: c.closedAt,
        surveyScore: c.survey?.score ?? null,
      });
      expect(facts).toEqual([fact(atStart), fact(answered), fact(missed), fact(offline)]);
      expect(facts.map((f) => f.surveyScore)).toEqual([null, 4, null, null]);

      const ofWidget2 = await read((r) =>
        r.chats.reportFacts(account.id, { from: '2026-03-01T00:00:00.000Z', to: '2026-03-10T00:00:00.000Z', widgetId: widget2.id }),
      );
      expect(ofWidget2).toEqual([fact(missed)]);
      expect(
        await read((r) => r.chats.reportFacts(other.id, { from: '2026-03-01T00:00:00.000Z', to: '2026-03-10T00:00:00.000Z' })),
      ).toEqual([fact(foreign)]);
      expect(
        await read((r) => r.chats.reportFacts(account.id, { from: '2026-04-01T00:00:00.000Z', to: '2026-05-01T00:00:00.000Z' })),
      ).toEqual([]);
    });

    it('sees a chat’s latest state: an assignment and a close committed later change its facts', async () => {
      const account = await seedAccount(storage());
      const widget = await seedWidget(storage(), account.id);
      const chat = buildChat(account.id, widget.id, { createdAt: '2026-05-01T10:00:00.000Z', queuedAt: '2026-05-01T10:00:00.000Z' });
      await tx((r) => r.chats.insert(chat));
      const range = { from: '2026-05-01T00:00:00.000Z', to: '2026-05-02T00:00:00.000Z' };
      expect(await read((r) => r.chats.reportFacts(account.id, range))).toMatchObject([{ status: 'queued', assignedAt: null }]);
      const taken = {
        ...chat,
        status: 'closed' as const,
        agentId: 'agent-b' as Id,
        assignedAt: '2026-05-01T10:00:05.000Z',
        closedAt: '2026-05-01T10:09:00.000Z',
      };
      expect(await tx((r) => r.chats.update(taken, chat.version))).toBe(true);
      expect(await read((r) => r.chats.reportFacts(account.id, range))).toMatchObject([
        { status: 'closed', agentId: 'agent-b', assignedAt: '2026-05-01T10:00:05.000Z', closedAt: '2026-05-01T10:09:00.000Z' },
      ]);
    });

    it('stores settled report days per account and time zone, reads a range of them, and keeps the first copy of a day', async () => {
      const account = await seedAccount(storage());
      const other = await seedAccount(storage());
      const bytes = (n: number, fill: number) => new Uint8Array(n).map((_, i) => (i * 7 + fill) % 256);
      // Larger than 64 KB: a busy day's figures must fit.
      const big = bytes(200_000, 3);
      await tx((r) =>
        r.chats.saveReportDays(account.id, 'Europe/Berlin', [
          { day: '2026-03-01', figures: bytes(10, 1) },
          { day: '2026-03-02', figures: big },
          { day: '2026-03-05', figures: bytes(0, 0) },
        ]),
      );
      await tx((r) => r.chats.saveReportDays(account.id, 'Asia/Kathmandu', [{ day: '2026-03-02', figures: bytes(5, 9) }]));
      await tx((r) => r.chats.saveReportDays(other.id, 'Europe/Berlin', [{ day: '2026-03-02', figures: bytes(5, 8) }]));
      // Storing a day again (a concurrent report) succeeds and leaves the stored copy.
      await tx((r) =>
        r.chats.saveReportDays(account.id, 'Europe/Berlin', [
          { day: '2026-03-02', figures: bytes(3, 5) },
          { day: '2026-03-03', figures: bytes(4, 2) },
        ]),
      );
      const days = async (zone: string, from: string, to: string, accountId = account.id) =>
        (await read((r) => r.chats.reportDays(accountId, zone, from, to)))
          .map((d) => ({ day: d.day, figures: Array.from(d.figures) }))
          .sort((a, b) => (a.day < b.day ? -1 : 1));
      expect(await days('Europe/Berlin', '2026-03-02', '2026-03-05')).toEqual([
        { day: '2026-03-02', figures: Array.from(big) },
        { day: '2026-03-03', figures: Array.from(bytes(4, 2)) },
        { day: '2026-03-05', figures: [] },
      ]);
      expect(await days('Europe/Berlin', '2026-03-01', '2026-03-01')).toEqual([{ day: '2026-03-01', figures: Array.from(bytes(10, 1)) }]);
      expect(await days('Asia/Kathmandu', '2026-01-01', '2026-12-31')).toEqual([{ day: '2026-03-02', figures: Array.from(bytes(5, 9)) }]);
      expect(await days('Europe/Berlin', '2026-03-02', '2026-03-02', other.id)).toEqual([
        { day: '2026-03-02', figures: Array.from(bytes(5, 8)) },
      ]);
      expect(await days('UTC', '2026-01-01', '2026-12-31')).toEqual([]);
    });

    it('forgets the stored figures of the given days in every time zone, of the account only', async () => {
      const account = await seedAccount(storage());
      const other = await seedAccount(storage());
      const figures = new Uint8Array([1, 2, 3]);
      const store = (accountId: Id, zone: string, ...days: string[]) =>
        tx((r) =>
          r.chats.saveReportDays(
            accountId,
            zone,
            days.map((day) => ({ day, figures })),
          ),
        );
      await store(account.id, 'Europe/Berlin', '2026-03-01', '2026-03-02', '2026-03-03');
      await store(account.id, 'Pacific/Kiritimati', '2026-03-02', '2026-03-04');
      await store(other.id, 'Europe/Berlin', '2026-03-02');
      await tx((r) => r.chats.forgetReportDays(account.id, ['2026-03-02', '2026-03-04']));
      await tx((r) => r.chats.forgetReportDays(account.id, []));
      const days = async (accountId: Id, zone: string) =>
        (await read((r) => r.chats.reportDays(accountId, zone, '2026-01-01', '2026-12-31'))).map((d) => d.day).sort();
      expect(await days(account.id, 'Europe/Berlin')).toEqual(['2026-03-01', '2026-03-03']);
      expect(await days(account.id, 'Pacific/Kiritimati')).toEqual([]);
      expect(await days(other.id, 'Europe/Berlin')).toEqual(['2026-03-02']);
      // A forgotten day is stored anew by the next report.
      await store(account.id, 'Europe/Berlin', '2026-03-02');
      expect(await days(account.id, 'Europe/Berlin')).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
    });
  });
}
