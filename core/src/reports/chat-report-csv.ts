import { csvLine } from '../audit/export-format.js';
import type { ChatMetrics } from './chat-report.js';

/** The CSV columns of a chat report: one row per day, then per agent and per widget; durations in seconds, ratings 1 to 5. */
export const CHAT_REPORT_CSV_COLUMNS = [
  'group',
  'key',
  'name',
  'chats',
  'answered',
  'missed',
  'abandoned',
  'offline_requests',
  'avg_wait_s',
  'p90_wait_s',
  'avg_first_response_s',
  'p90_first_response_s',
  'avg_duration_s',
  'p90_duration_s',
  'rated',
  'avg_rating',
  'satisfied',
] as const;

export interface ChatReportRows {
  readonly days: readonly (ChatMetrics & { readonly date: string })[];
  readonly agents: readonly (ChatMetrics & { readonly agentId: string; readonly name: string | null })[];
  readonly widgets: readonly (ChatMetrics & { readonly widgetId: string; readonly name: string | null })[];
  readonly totals: ChatMetrics;
}

const figures = (m: ChatMetrics) => [
  m.chats,
  m.answered,
  m.missed,
  m.abandoned,
  m.offlineRequests,
  m.wait?.avg ?? '',
  m.wait?.p90 ?? '',
  m.firstResponse?.avg ?? '',
  m.firstResponse?.p90 ?? '',
  m.duration?.avg ?? '',
  m.duration?.p90 ?? '',
  m.satisfaction?.rated ?? 0,
  m.satisfaction?.average ?? '',
  m.satisfaction?.satisfied ?? 0,
];

/** The report as CSV (RFC 4180, formula-safe cells): a header, the days, the agents, the widgets, and the totals. */
export const chatReportCsv = (r: ChatReportRows): string =>
  [
    csvLine(CHAT_REPORT_CSV_COLUMNS),
    ...r.days.map((d) => csvLine(['day', d.date, '', ...figures(d)])),
    ...r.agents.map((a) => csvLine(['agent', a.agentId, a.name ?? '', ...figures(a)])),
    ...r.widgets.map((w) => csvLine(['widget', w.widgetId, w.name ?? '', ...figures(w)])),
    csvLine(['total', '', '', ...figures(r.totals)]),
  ].join('');
