import { forbidden, notFound } from '../errors.js';
import type { Id } from '../model/types.js';
import { canSupervise } from '../model/user.js';
import { buildChatReportFromDays, isCurrentDay, type ChatMetrics } from '../reports/chat-report.js';
import { chatReportCsv } from '../reports/chat-report-csv.js';
import { reportSchemas, type ChatReportQuery } from '../reports/report-schemas.js';
import { addDays, daysBetween, ZoneCalendar } from '../reports/time-zone.js';
import { parseInput } from '../validation.js';
import type { CoreDeps, Principal } from '../runtime/context.js';

/** How long after its end a local day may be rolled up (chats created just before midnight are still being written). */
const SETTLE_AFTER_MS = 10 * 60_000;

/** A chat report as the API answers it (see {@link ChatMetrics} for what each figure means). */
export interface ChatReport {
  readonly from: string;
  readonly to: string;
  readonly timeZone: string;
  readonly widgetId: Id | null;
  readonly totals: ChatMetrics;
  readonly days: readonly (ChatMetrics & { readonly date: string })[];
  readonly agents: readonly (ChatMetrics & { readonly agentId: Id; readonly name: string | null })[];
  readonly widgets: readonly (ChatMetrics & { readonly widgetId: Id; readonly name: string | null })[];
}

/**
 * Reports for supervisors, admins and owners, computed from the timestamps chats already store: chats per
 * day, answered, missed and abandoned chats, wait, first response and duration (average and 90th
 * percentile), the visitors' ratings, per agent and per widget, for a range of local days in a time zone.
 */
export class ReportService {
  constructor(private readonly deps: CoreDeps) {}

  async chats(p: Principal, query: ChatReportQuery): Promise<ChatReport> {
    const q = parseInput(reportSchemas.chatReportQuery, query);
    if (!canSupervise(p.role)) throw forbidden('Only supervisors, admins and owners can see reports.');
    const calendar = new ZoneCalendar(q.timeZone);
    const range = {
      from: calendar.startOf(q.from),
      to: calendar.startOf(addDays(q.to, 1)),
      ...(q.widgetId ? { widgetId: q.widgetId } : {}),
    };
    // Settled days come from the rollup (unless one widget is asked for: the rollup keeps whole days), the
    // others from the chats' facts; a day can settle once it ended a while ago and all its chats ended.
    const settledBefore = new Date(this.deps.clock.now().getTime() - SETTLE_AFTER_MS).toISOString();
    const { data, settled, stale, agentNames, widgetNames } = await this.deps.storage.read(async (r) => {
      if (q.widgetId && !(await r.widgets.get(p.accountId, q.widgetId))) throw notFound('Widget');
      const rolled = new Map<string, Uint8Array>();
      // A day stored in an older encoding (before ratings, or agents' replies, were counted, or by a host not yet upgraded) is computed
      // again, and replaced below.
      const stale = new Set<string>();
      if (!q.widgetId)
        for (const d of await r.chats.reportDays(p.accountId, q.timeZone, q.from, q.to))
          if (isCurrentDay(d.figures)) rolled.set(d.day, d.figures);
          else stale.add(d.day);
      const open = daysBetween(q.from, q.to).filter((d) => !rolled.has(d));
      const facts =
        open.length === 0
          ? []
          : await r.chats.reportFacts(p.accountId, {
              ...range,
              from: calendar.startOf(open[0]!),
              to: calendar.startOf(addDays(open[open.length - 1]!, 1)),
            });
      const built = buildChatReportFromDays(facts, rolled, calendar, q.from, q.to, (d) =>
        !q.widgetId ? calendar.startOf(addDays(d, 1)) <= settledBefore : false,
      );
      const agents = await r.users.getMany(
        p.accountId,
        built.report.agents.map((a) => a.agentId),
      );
      const widgets = await r.widgets.getMany(
        p.accountId,
        built.report.widgets.map((w) => w.widgetId),
      );
      const agentNames = new Map<Id, string>(agents.map((u) => [u.id, u.name]));
      const widgetNames = new Map<Id, string>(widgets.map((w) => [w.id, w.name]));
      return { data: built.report, settled: built.settled, stale, agentNames, widgetNames };
    });
    if (settled.length > 0)
      await this.deps.storage.transaction(async (tx) => {
        // Storing keeps a day already there: an old one is forgotten first, so the one computed now takes its place.
        const replaced = settled.filter((d) => stale.has(d.day)).map((d) => d.day);
        if (replaced.length > 0) await tx.chats.forgetReportDays(p.accountId, replaced);
        await tx.chats.saveReportDays(p.accountId, q.timeZone, settled);
      });
    return {
      from: q.from,
      to: q.to,
      timeZone: q.timeZone,
      widgetId: q.widgetId ?? null,
      totals: data.totals,
      days: data.days,
      agents: data.agents.map((a) => ({ ...a, name: agentNames.get(a.agentId) ?? null })),
      widgets: data.widgets.map((w) => ({ ...w, name: widgetNames.get(w.widgetId) ?? null })),
    };
  }

  /** {@link chats} as CSV: days, agents, widgets and totals. */
  async chatsCsv(p: Principal, query: ChatReportQuery): Promise<string> {
    return chatReportCsv(await this.chats(p, query));
  }
}
