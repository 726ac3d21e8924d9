import { z } from 'zod';
import { canonicalTimeZone, localTime, NOT_A_TIME_ZONE } from '../chat/business-hours.js';
import { validationFailed } from '../errors.js';
import type { Instant } from '../model/types.js';
import { startedCursor } from '../ports/chat-storage.js';

/** Cases per page of the Logs API, as the commercial service pages them. */
export const LOGS_PAGE_SIZE = 100;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date (`2026-03-29`, read in `timezone`) or an ISO 8601 date-time with its offset. */
const dateOrInstant = (what: string) =>
  z
    .string()
    .max(40)
    .refine((s) => realDate(s) !== null || z.iso.datetime({ offset: true }).safeParse(s).success, {
      message: 'Must be a date (YYYY-MM-DD) or an ISO 8601 date-time with an offset.',
    })
    .describe(
      `${what}: a date (\`YYYY-MM-DD\`, in \`timezone\`) or an ISO 8601 date-time with an offset (\`timezone\` then does not apply).`,
    );

/** The query of `GET /api/v2/:accountId/logs`. */
export const logsQuerySchema = z.object({
  widgetId: z.string().min(1).max(64).describe('The widget whose cases to list.'),
  start: dateOrInstant('First day (from its start) or instant of the cases’ creation'),
  end: dateOrInstant('Last day (to its end) or instant (inclusive) of the cases’ creation'),
  timezone: z
    .string()
    .max(64)
    .refine((s) => canonicalTimeZone(s) !== null, { message: NOT_A_TIME_ZONE })
    .optional()
    .describe('The IANA time zone `start` and `end` dates are read in; default UTC.'),
  next: z
    .string()
    .min(1)
    .max(200)
    // Only what this API gave: a cursor a script garbled would otherwise start again at the first page, unseen.
    .refine(
      (c) => {
        const at = startedCursor.parse(c);
        return at !== null && !Number.isNaN(Date.parse(at.createdAt)) && /^[\w-]{1,64}$/.test(at.id);
      },
      { message: 'Not a `next` this API gave: pass the previous answer’s, or none for the first page.' },
    )
    .optional()
    .describe('Where the previous page ended: the `next` of the previous answer.'),
});

export type LogsQuery = z.output<typeof logsQuerySchema>;

const realDate = (s: string): { y: number; m: number; d: number } | null => {
  const m = DATE.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d ? { y, m: mo, d } : null;
};

/** Milliseconds `timezone` is ahead of UTC at `at` (whole minutes, as every zone's offset is today). */
const offsetAt = (timezone: string, at: number): number => {
  const local = localTime(timezone, new Date(at).toISOString());
  const asUtc = Date.parse(`${local.date}T${local.time}:00Z`);
  return asUtc - Math.floor(at / 60_000) * 60_000;
};

/** The instant a day starts in `timezone` (its first existing wall-clock minute on spring-forward days). */
const startOfDay = (day: { y: number; m: number; d: number }, timezone: string): number => {
  const wall = Date.UTC(day.y, day.m - 1, day.d);
  let at = wall - offsetAt(timezone, wall);
  at = wall - offsetAt(timezone, at);
  return at;
};

/**
 * The inclusive range of creation instants a Logs query asks for: a date's start (or the day after
 * `end`'s start, less a millisecond) in the query's time zone, or the instant itself. `validation_failed`
 * (`/end`, `before_start`) when the range is empty.
 */
export const logsRange = (q: Pick<LogsQuery, 'start' | 'end' | 'timezone'>): { from: Instant; to: Instant } => {
  const zone = canonicalTimeZone(q.timezone ?? 'UTC') ?? 'UTC';
  const at = (s: string, endOfDay: boolean): number => {
    const day = realDate(s);
    if (!day) return Date.parse(s);
    if (!endOfDay) return startOfDay(day, zone);
    const next = new Date(Date.UTC(day.y, day.m - 1, day.d + 1));
    return startOfDay({ y: next.getUTCFullYear(), m: next.getUTCMonth() + 1, d: next.getUTCDate() }, zone) - 1;
  };
  const from = at(q.start, false);
  const to = at(q.end, true);
  if (to < from) throw validationFailed([{ path: '/end', code: 'before_start', message: 'The end is before the start.' }]);
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
};
