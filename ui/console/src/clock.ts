/** A time of day as the console shows it everywhere ("01:15 PM"): on this computer's clock, or in `timeZone`. */
export const clockTime = (at: Date, timeZone?: string): string =>
  at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', ...(timeZone ? { timeZone } : {}) });

/**
 * When something happened, as short as a list needs: the time today ("01:15 PM"), the day and time this year
 * ("Dec 6, 01:15 PM"), the day before that ("Dec 6, 2025"). `now` is this computer's clock.
 */
export const shortWhen = (at: Date, now: Date = new Date()): string => {
  if (at.toDateString() === now.toDateString()) return clockTime(at);
  const day = at.toLocaleDateString([], {
    month: 'short',
    day: 'numeric',
    ...(at.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }),
  });
  return at.getFullYear() === now.getFullYear() ? `${day}, ${clockTime(at)}` : day;
};

/** An instant as the lists and details write it ("Dec 7, 2026, 11:59 AM"): medium date, short time, this computer's clock. */
export const dateTime = (iso: string): string => new Date(iso).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
