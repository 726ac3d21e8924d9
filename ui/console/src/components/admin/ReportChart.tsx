import { useEffect, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';

export interface ChartSeries {
  readonly label: string;
  /** A design token (`--accent`) the line is drawn in. */
  readonly color: string;
  readonly values: readonly (number | null)[];
}

const COUNT_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000];
/** Seconds: 1 s … 12 h. */
const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 43_200];

const token = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#64748b';

const DARK = '(prefers-color-scheme: dark)';

/** Whether the dark theme is on, following the system's switch (at dusk, say) while the page is open. */
const useDarkTheme = (): boolean => {
  const [dark, setDark] = useState(() => matchMedia(DARK).matches);
  useEffect(() => {
    const query = matchMedia(DARK);
    const changed = () => setDark(query.matches);
    query.addEventListener('change', changed);
    return () => query.removeEventListener('change', changed);
  }, []);
  return dark;
};

/**
 * A line chart of values per day, drawn by uPlot (a few tens of KB, loaded the first time a chart shows).
 * It follows the container's width and the design tokens' colours, drawn again when the theme switches
 * between light and dark (a canvas does not follow the stylesheet by itself). The chart is a picture
 * for sighted readers; the same figures are in the tables beside it, so it is labelled as an image.
 */
export const ReportChart = ({
  title,
  summary,
  days,
  series,
  unit,
}: {
  title: string;
  /** What the chart shows, in words, for readers who cannot see it. */
  summary: string;
  days: readonly string[];
  series: readonly ChartSeries[];
  unit?: (v: number) => string;
}) => {
  const box = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  const dark = useDarkTheme();

  useEffect(() => {
    let plot: uPlot | null = null;
    let observer: ResizeObserver | null = null;
    let cancelled = false;
    void import('uplot')
      .then(({ default: UPlot }) => {
        const el = box.current;
        if (cancelled || !el) return;
        // Each day at its midnight, and the axis in UTC (not the browser's zone), so that a day's point stands on its
        // tick and label: the report's days are dates, counted in the report's own time zone already.
        const xs = days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
        const axis = {
          stroke: token('--fg-muted'),
          grid: { stroke: token('--border'), width: 1 },
          ticks: { stroke: token('--border'), width: 1 },
        };
        const opts: uPlot.Options = {
          width: Math.max(280, el.clientWidth),
          height: 220,
          tzDate: (ts) => UPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
          scales: {
            // One day alone (Today) has no span to scale: half a day either side, not the years uPlot would pad.
            x: xs.length === 1 ? { time: true, auto: false, range: [xs[0]! - 43_200, xs[0]! + 43_200] } : { time: true },
            y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] },
          },
          // Whole steps only: counts of chats and seconds have no halves.
          axes: [
            axis,
            {
              ...axis,
              incrs: unit ? TIME_STEPS : COUNT_STEPS,
              ...(unit ? { values: (_u: uPlot, vals: number[]) => vals.map((v) => unit(v)) } : {}),
            },
          ],
          // The series' names and colours only: a live legend reads "--" for each until the pointer is on a day, and
          // the day's figures are in the tables below.
          legend: { show: true, live: false },
          cursor: { points: { show: true } },
          series: [{}, ...series.map((s) => ({ label: s.label, stroke: token(s.color), width: 2, points: { show: days.length <= 31 } }))],
        };
        plot = new UPlot(opts, [xs, ...series.map((s) => [...s.values])] as uPlot.AlignedData, el);
        observer = new ResizeObserver(() => plot?.setSize({ width: Math.max(280, el.clientWidth), height: 220 }));
        observer.observe(el);
      })
      .catch(() => setFailed(true));
    return () => {
      cancelled = true;
      observer?.disconnect();
      plot?.destroy();
    };
  }, [days, series, dark]);

  return (
    <figure class="report-chart">
      <figcaption>{title}</figcaption>
      {failed ? (
        <p class="error">The chart could not be drawn; the figures are in the tables below.</p>
      ) : (
        <div ref={box} role="img" aria-label={summary} />
      )}
    </figure>
  );
};
