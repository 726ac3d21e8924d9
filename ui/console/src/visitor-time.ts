import { clockTime } from './clock.js';

/**
 * The visitor's local time, from the time zone geolocation found for their address: `14:05 (Europe/London)`,
 * so that an agent greets an evening visitor as one. Null without a time zone, or with one this browser does not
 * know.
 */
export const visitorLocalTime = (timezone: string | null | undefined, now: Date): string | null => {
  if (!timezone) return null;
  try {
    return `${clockTime(now, timezone)} (${timezone})`;
  } catch {
    return null; // RangeError: an unknown time zone
  }
};
