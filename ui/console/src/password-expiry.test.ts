import { describe, expect, it } from 'vitest';
import { EXPIRY_REMINDER_DAYS, expiryDate, expiryReminder } from './password-expiry.js';

describe('the reminder of a password that expires by age', () => {
  const now = new Date('2026-12-06T12:00:00Z');
  const inDays = (days: number) => new Date(now.getTime() + days * 24 * 60 * 60 * 1000).toISOString();

  it('counts the days left within the reminder’s reach, with the date', () => {
    expect(expiryReminder(inDays(3), now)).toBe(`Your password expires in 3 days, on ${expiryDate(inDays(3))}.`);
    expect(expiryReminder(inDays(2.5), now)).toBe(`Your password expires in 3 days, on ${expiryDate(inDays(2.5))}.`);
    expect(expiryReminder(inDays(0.2), now)).toBe(`Your password expires within a day, on ${expiryDate(inDays(0.2))}.`);
    expect(expiryReminder(inDays(EXPIRY_REMINDER_DAYS), now)).toContain(`in ${EXPIRY_REMINDER_DAYS} days`);
  });

  it('says nothing further away, for passwords that do not age, or once it has expired', () => {
    expect(expiryReminder(inDays(EXPIRY_REMINDER_DAYS + 1), now)).toBeNull();
    expect(expiryReminder(null, now)).toBeNull();
    expect(expiryReminder(inDays(-1), now)).toBeNull();
    expect(expiryReminder('not a date', now)).toBeNull();
  });
});
