import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { problemMessage, type Schemas } from '@parley/api-client';
import { api, allWidgets } from '../../api.js';
import { navigate } from '../../store.js';
import { TimeZoneList } from '../time-zones.js';
import { ReportChart } from './ReportChart.js';
import { formatDuration, formatRating, percent, PRESETS, presetRange, ratingCell, ratingDetail, type Preset } from './report-format.js';
import { WidgetSelect } from '../widget-select.js';
import { DELETED_USER } from '../../model.js';

type Report = Schemas['ChatReport'];
type Metrics = Report['totals'];
type Widget = { id: string; name: string };

interface Filters {
  from: string;
  to: string;
  widgetId: string;
  timeZone: string;
}

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** The filters in the address, so a report can be reloaded, bookmarked and shared. */
const filtersOf = (search: string): Filters => {
  const q = new URLSearchParams(search);
  const week = presetRange('last7');
  return {
    from: q.get('from') ?? week.from,
    to: q.get('to') ?? week.to,
    widgetId: q.get('widget') ?? '',
    timeZone: q.get('tz') ?? browserZone(),
  };
};

const queryOf = (f: Filters) => ({ from: f.from, to: f.to, timeZone: f.timeZone, ...(f.widgetId ? { widgetId: f.widgetId } : {}) });

const Stat = ({ label, value, detail }: { label: string; value: string; detail?: string }) => (
  <div class="stat">
    <dt>{label}</dt>
    <dd>
      <span class="stat-value">{value}</span>
      {detail && <span class="stat-detail">{detail}</span>}
    </dd>
  </div>
);

const timeCells = (m: Metrics) =>
  [m.wait, m.firstResponse, m.duration].map((d, i) => <td key={i}>{d ? `${formatDuration(d.avg)} / ${formatDuration(d.p90)}` : '–'}</td>);

const MetricsTable = ({
  caption,
  first,
  rows,
}: {
  caption: string;
  first: string;
  rows: readonly { key: string; name: string; m: Metrics }[];
}) => (
  // A wide table scrolls on its own; focusable so the keyboard can scroll it too.
  <div class="table-scroll" tabIndex={0} role="region" aria-label={caption}>
    <table class="report-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{first}</th>
          <th scope="col">Chats</th>
          <th scope="col">Answered</th>
          <th scope="col">Missed</th>
          <th scope="col">Abandoned</th>
          <th scope="col">Offline requests</th>
          <th scope="col">Wait (avg / p90)</th>
          <th scope="col">First response (avg / p90)</th>
          <th scope="col">Duration (avg / p90)</th>
          <th scope="col">Rating (avg, rated)</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ key, name, m }) => (
          <tr key={key}>
            <th scope="row">{name}</th>
            <td>{m.chats}</td>
            <td>{m.answered}</td>
            <td>{m.missed}</td>
            <td>{m.abandoned}</td>
            <td>{m.offlineRequests}</td>
            {timeCells(m)}
            <td>{ratingCell(m.satisfaction)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);

/**
 * Reports (supervisors and up): for a range of days in a time zone and optionally one widget, the chats
 * per day (answered, missed, offline requests) and the wait per day as charts, the totals with average and
 * 90th-percentile wait, first response and duration, the visitors’ ratings, and tables per agent, per widget
 * and per day; the same report downloads as CSV. The filters live in the address.
 */
export const ReportsScreen = (_: { readonly rest: readonly string[] }) => {
  const [filters, setFilters] = useState<Filters>(() => filtersOf(location.search));
  const [widgets, setWidgets] = useState<Widget[]>([]);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const [loading, setLoading] = useState(false);
  const asked = useRef(0);

  useEffect(() => {
    void allWidgets().then((all) => setWidgets((all ?? []).map((w) => ({ id: w.id, name: w.name }))));
  }, []);

  useEffect(() => {
    const q = new URLSearchParams({
      from: filters.from,
      to: filters.to,
      tz: filters.timeZone,
      ...(filters.widgetId ? { widget: filters.widgetId } : {}),
    });
    navigate(`/app/admin/reports?${q}`, true);
    const n = ++asked.current;
    setLoading(true);
    void api.GET('/api/v1/reports/chats', { params: { query: queryOf(filters) } }).then(({ data, error: e }) => {
      if (n !== asked.current) return;
      setLoading(false);
      if (e || !data) {
        const fields: Record<string, string> = {};
        for (const d of (e as { errors?: { path?: string; message: string }[] } | undefined)?.errors ?? [])
          if (d.path) fields[d.path] = d.message;
        // Each field's message stands under it; the summary points there instead of saying it again.
        setError({ message: Object.keys(fields).length > 0 ? 'Fix the filters marked above.' : problemMessage(e), fields });
        return;
      }
      setError(null);
      setReport(data);
    });
  }, [filters]);

  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  const days = useMemo(() => report?.days.map((d) => d.date) ?? [], [report]);
  const volume = useMemo(
    () =>
      report
        ? [
            { label: 'Answered', color: '--ok', values: report.days.map((d) => d.answered) },
            { label: 'Missed', color: '--danger', values: report.days.map((d) => d.missed) },
            { label: 'Offline requests', color: '--accent', values: report.days.map((d) => d.offlineRequests) },
          ]
        : [],
    [report],
  );
  const waits = useMemo(
    () =>
      report
        ? [
            { label: 'Average wait', color: '--accent', values: report.days.map((d) => d.wait?.avg ?? null) },
            { label: '90th percentile', color: '--warn', values: report.days.map((d) => d.wait?.p90 ?? null) },
          ]
        : [],
    [report],
  );
  const csvHref = `/api/v1/reports/chats.csv?${new URLSearchParams(queryOf(filters))}`;
  const t = report?.totals;

  return (
    <section class="reports" aria-labelledby="reports-title" aria-busy={loading}>
      <h1 id="reports-title">Reports</h1>
      <form class="report-filters" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="report-from">From</label>
          <input
            id="report-from"
            type="date"
            value={filters.from}
            max={filters.to}
            onChange={(e) => set({ from: (e.target as HTMLInputElement).value })}
          />
          {error?.fields['/from'] && <span class="field-error">{error.fields['/from']}</span>}
        </div>
        <div class="field">
          <label for="report-to">To</label>
          <input
            id="report-to"
            type="date"
            value={filters.to}
            min={filters.from}
            onChange={(e) => set({ to: (e.target as HTMLInputElement).value })}
          />
          {error?.fields['/to'] && <span class="field-error">{error.fields['/to']}</span>}
        </div>
        <WidgetSelect id="report-widget" widgets={widgets} value={filters.widgetId} any onChange={(widgetId) => set({ widgetId })} />
        <div class="field">
          <label for="report-zone">Time zone</label>
          <input
            id="report-zone"
            list="report-zones"
            autocomplete="off"
            value={filters.timeZone}
            onChange={(e) => set({ timeZone: (e.target as HTMLInputElement).value.trim() || 'UTC' })}
          />
          <TimeZoneList id="report-zones" />
          {error?.fields['/timeZone'] && <span class="field-error">{error.fields['/timeZone']}</span>}
        </div>
        <fieldset class="presets">
          <legend class="visually-hidden">Quick ranges</legend>
          {PRESETS.map((p) => (
            <button key={p.id} type="button" class="btn" onClick={() => set(presetRange(p.id as Preset))}>
              {p.label}
            </button>
          ))}
        </fieldset>
        {error && Object.keys(error.fields).length > 0 ? (
          // The server refuses these filters: nothing to download until they are fixed.
          <button class="btn" type="button" disabled>
            Download CSV
          </button>
        ) : (
          <a class="btn" href={csvHref} download>
            Download CSV
          </a>
        )}
      </form>
      {error && (
        <p class="error" role="alert">
          {error.message}
        </p>
      )}
      {!report && !error && <p aria-busy="true">Loading…</p>}
      {/* The figures of an earlier query are not shown under a query that was refused: they would pass for its own. */}
      {report && t && !error && (
        <>
          <dl class="stats">
            <Stat
              label="Chats"
              value={String(t.chats)}
              detail={`${t.offlineRequests} offline ${t.offlineRequests === 1 ? 'request' : 'requests'}`}
            />
            <Stat label="Answered" value={String(t.answered)} detail={percent(t.answered, t.chats)} />
            <Stat label="Missed" value={String(t.missed)} detail={`${percent(t.missed, t.chats)} · ${t.abandoned} abandoned`} />
            <Stat label="Wait" value={formatDuration(t.wait?.avg)} detail={`p90 ${formatDuration(t.wait?.p90)}`} />
            <Stat
              label="First response"
              value={formatDuration(t.firstResponse?.avg)}
              detail={`p90 ${formatDuration(t.firstResponse?.p90)}`}
            />
            <Stat label="Duration" value={formatDuration(t.duration?.avg)} detail={`p90 ${formatDuration(t.duration?.p90)}`} />
            <Stat label="Satisfaction" value={formatRating(t.satisfaction)} detail={ratingDetail(t.satisfaction)} />
          </dl>
          <div class="charts">
            <ReportChart
              title="Chats per day"
              summary={`Chats per day from ${report.from} to ${report.to}: ${t.answered} answered, ${t.missed} missed, ${t.offlineRequests} offline requests.`}
              days={days}
              series={volume}
            />
            <ReportChart
              title="Wait per day"
              summary={`Wait per day from ${report.from} to ${report.to}: ${formatDuration(t.wait?.avg)} on average, ${formatDuration(t.wait?.p90)} at the 90th percentile.`}
              days={days}
              series={waits}
              unit={formatDuration}
            />
          </div>
          {report.agents.length === 0 && report.widgets.length === 0 ? (
            <p class="empty">No chats in this range.</p>
          ) : (
            <>
              <MetricsTable
                caption="Per agent"
                first="Agent"
                rows={report.agents.map((a) => ({ key: a.agentId, name: a.name ?? DELETED_USER, m: a }))}
              />
              <MetricsTable
                caption="Per widget"
                first="Widget"
                rows={report.widgets.map((w) => ({ key: w.widgetId, name: w.name ?? 'Deleted widget', m: w }))}
              />
            </>
          )}
          <MetricsTable caption="Per day" first="Day" rows={report.days.map((d) => ({ key: d.date, name: d.date, m: d }))} />
        </>
      )}
    </section>
  );
};
