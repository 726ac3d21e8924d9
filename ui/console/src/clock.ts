/** A time of day as the console shows it everywhere ("01:15 PM"): on this computer's clock, or in `timeZone`. */
export const clockTime = (at: Date, timeZone?: string): string =>
  at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', ...(timeZone ? { timeZone } : {}) });
