/** How many days before a password expires by age the console starts reminding its user. */
export const EXPIRY_REMINDER_DAYS = 14;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The date a password expires, as this computer's user reads dates (`6 December 2026`). */
export const expiryDate = (expiresAt: string): string =>
  new Date(expiresAt).toLocaleDateString([], { day: 'numeric', month: 'long', year: 'numeric' });

/**
 * What the workspace says of a password that expires by age within {@link EXPIRY_REMINDER_DAYS} days, so that it
 * is changed at a good moment rather than at a sign-in that then asks for it; null when it is further away, when
 * passwords do not age (`expiresAt` null), or once it has expired (the next sign-in asks).
 */
export const expiryReminder = (expiresAt: string | null, now: Date): string | null => {
  if (expiresAt === null) return null;
  const left = Date.parse(expiresAt) - now.getTime();
  if (Number.isNaN(left) || left <= 0 || left > EXPIRY_REMINDER_DAYS * DAY_MS) return null;
  const days = Math.ceil(left / DAY_MS);
  return `Your password expires ${days === 1 ? 'within a day' : `in ${days} days`}, on ${expiryDate(expiresAt)}.`;
};
