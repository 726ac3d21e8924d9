/**
 * Calendar days in an IANA time zone, for reports: which local day an instant falls on, and when a local
 * day starts. Built on `Intl` (no time-zone data of our own), and correct across daylight-saving changes
 * and zones whose offset is not whole hours.
 */

const partsFormatter = (timeZone: string) =>
  new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });

/** The zone's offset from UTC at instant `ms`, in milliseconds (Berlin in summer: +7,200,000). */
const offsetAt = (fmt: Intl.DateTimeFormat, ms: number): number => {
  const p: Record<string, number> = {};
  for (const { type, value } of fmt.formatToParts(new Date(ms))) if (type !== 'literal') p[type] = Number(value);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return asUtc - Math.floor(ms / 1000) * 1000;
};

/** A `YYYY-MM-DD` day plus `n` days. */
export const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00.000Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * The local days an instant falls on in one time zone or another (zones run from UTC−12 to UTC+14): the days
 * whose stored report figures a change to a chat created then may touch.
 */
export const localDaysOf = (at: string): string[] => {
  const ms = Date.parse(at);
  return daysBetween(new Date(ms - 12 * 3_600_000).toISOString().slice(0, 10), new Date(ms + 14 * 3_600_000).toISOString().slice(0, 10));
};

/** The days from `from` to `to`, both included. */
export const daysBetween = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
};

/**
 * One time zone's calendar. `dayOf` caches by quarter hour (every zone's offset is a multiple of 15
 * minutes), so a year of chats costs a few thousand `Intl` calls, not one per chat.
 */
export class ZoneCalendar {
  private readonly fmt: Intl.DateTimeFormat;
  private readonly days = new Map<number, string>();

  constructor(readonly timeZone: string) {
    this.fmt = partsFormatter(timeZone);
  }

  /** The local day (`YYYY-MM-DD`) of an ISO instant. */
  dayOf(instant: string): string {
    const ms = Date.parse(instant);
    const key = Math.floor(ms / 900_000);
    let day = this.days.get(key);
    if (day === undefined) {
      day = new Date(key * 900_000 + offsetAt(this.fmt, key * 900_000)).toISOString().slice(0, 10);
      this.days.set(key, day);
    }
    return day;
  }

  /** The instant the local day `YYYY-MM-DD` starts (its first moment, where a DST change skips midnight). */
  startOf(day: string): string {
    const midnightUtc = Date.parse(`${day}T00:00:00.000Z`);
    let guess = midnightUtc - offsetAt(this.fmt, midnightUtc);
    // The offset at the guess may differ (a change that day): settle on the offset in force then.
    guess = midnightUtc - offsetAt(this.fmt, guess);
    while (this.dayOf(new Date(guess).toISOString()) < day) guess += 900_000;
    return new Date(guess).toISOString();
  }
}
