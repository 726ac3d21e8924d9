import type { Instant } from '../model/types.js';
import type { BusinessHours, Weekday } from '../model/widget.js';

/**
 * Whether a widget is within its business hours, as a pure function of the schedule and an instant.
 * The schedule is in wall-clock time of its IANA zone, so a `09:00` opening stays at nine local time
 * across daylight-saving changes: the instant is turned into the zone's local date, weekday and time
 * (with `Intl.DateTimeFormat`), and those are compared with the day's intervals. A wall-clock time
 * skipped by a spring-forward change never occurs, and one repeated in autumn is within the interval
 * both times, as a clock on the office wall would say.
 */

const WEEKDAYS: Readonly<Record<string, Weekday>> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timezone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timezone, f);
  }
  return f;
};

/** What a form shows under a time zone field holding something else (business hours, reports, the Logs API). */
export const NOT_A_TIME_ZONE = 'Not a time zone this server knows: give an IANA name such as Europe/Berlin.';

/** The canonical name of an IANA time zone (`europe/berlin` → `Europe/Berlin`), or null when `Intl` does not know it. */
export const canonicalTimeZone = (timezone: string): string | null => {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: timezone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
};

/** The local date (`2026-03-29`), weekday and time (`09:30`) of an instant in a time zone. */
export const localTime = (timezone: string, at: Instant): { date: string; weekday: Weekday; time: string } => {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timezone).formatToParts(new Date(at))) parts[p.type] = p.value;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, weekday: WEEKDAYS[parts.weekday!]!, time: `${parts.hour}:${parts.minute}` };
};

/** Whether `at` falls in one of the day's intervals (`from` inclusive, `to` exclusive) and is not a holiday. */
export const withinBusinessHours = (hours: BusinessHours | null, at: Instant): boolean => {
  if (hours === null) return true;
  const local = localTime(hours.timezone, at);
  if (hours.holidays.includes(local.date)) return false;
  return (hours.days[local.weekday] ?? []).some((i) => i.from <= local.time && local.time < i.to);
};
