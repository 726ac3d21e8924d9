import type { Schemas } from '@parley/api-client';

/** Formatting and date ranges of the reports screen (pure, so they are tested without a browser). */

/** A duration in seconds in the words a report reader wants: `45 s`, `3 min 5 s`, `2 h 10 min`. */
export const formatDuration = (seconds: number | null | undefined): string => {
  if (seconds === null || seconds === undefined) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return s % 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s / 60} min`;
  const m = Math.round(s / 60);
  return m % 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m / 60} h`;
};

/** A share as a whole percentage (`33 %`), or `–` of nothing. */
export const percent = (part: number, whole: number): string => (whole > 0 ? `${Math.round((100 * part) / whole)} %` : '–');

/** The visitors' ratings of a report row, as the API gives them (null: nobody rated). */
type Satisfaction = Schemas['ChatReport']['totals']['satisfaction'] | undefined;

/** An average rating out of five, one decimal (`4.5 / 5`), or `–` when nobody rated. */
export const formatRating = (s: Satisfaction): string => (s ? `${s.average.toFixed(1)} / 5` : '–');

/** What stands behind an average rating: `92 % satisfied · 25 rated` (satisfied: 4 or 5), or that nobody rated. */
export const ratingDetail = (s: Satisfaction): string =>
  s ? `${percent(s.satisfied, s.rated)} satisfied · ${s.rated} rated` : 'No ratings yet';

/** A table row's ratings: the average and how many rated (`4.5 (2)`), or `–`. */
export const ratingCell = (s: Satisfaction): string => (s ? `${s.average.toFixed(1)} (${s.rated})` : '–');

/** `YYYY-MM-DD` of a local date. */
const ymd = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

export type Preset = 'today' | 'last7' | 'last30' | 'thisMonth' | 'lastMonth';

export const PRESETS: readonly { readonly id: Preset; readonly label: string }[] = [
  { id: 'today', label: 'Today' },
  { id: 'last7', label: 'Last 7 days' },
  { id: 'last30', label: 'Last 30 days' },
  { id: 'thisMonth', label: 'This month' },
  { id: 'lastMonth', label: 'Last month' },
];

/** The days (both included) a preset covers, seen from `now` in the browser's time zone. */
export const presetRange = (preset: Preset, now = new Date()): { from: string; to: string } => {
  const day = (offset: number) => ymd(new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset));
  switch (preset) {
    case 'today':
      return { from: day(0), to: day(0) };
    case 'last7':
      return { from: day(-6), to: day(0) };
    case 'last30':
      return { from: day(-29), to: day(0) };
    case 'thisMonth':
      return { from: ymd(new Date(now.getFullYear(), now.getMonth(), 1)), to: day(0) };
    case 'lastMonth':
      return { from: ymd(new Date(now.getFullYear(), now.getMonth() - 1, 1)), to: ymd(new Date(now.getFullYear(), now.getMonth(), 0)) };
  }
};
