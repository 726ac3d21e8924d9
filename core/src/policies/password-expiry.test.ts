import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.js';
import { addCalendarMonths, passwordExpiry } from './password-expiry.js';

const iso = (d: Date) => d.toISOString();

describe('addCalendarMonths', () => {
  it.each([
    ['2026-01-31T09:30:00.000Z', 1, '2026-02-28T09:30:00.000Z'],
    ['2028-01-31T09:30:00.000Z', 1, '2028-02-29T09:30:00.000Z'],
    ['2026-03-31T00:00:00.000Z', 1, '2026-04-30T00:00:00.000Z'],
    ['2026-01-15T12:00:00.000Z', 3, '2026-04-15T12:00:00.000Z'],
    ['2026-08-31T23:59:59.999Z', 6, '2027-02-28T23:59:59.999Z'],
    ['2026-12-31T00:00:00.000Z', 12, '2027-12-31T00:00:00.000Z'],
    ['2026-03-31T00:00:00.000Z', -1, '2026-02-28T00:00:00.000Z'],
    ['2026-01-10T00:00:00.000Z', -12, '2025-01-10T00:00:00.000Z'],
  ])('%s + %i months = %s', (from, n, to) => {
    expect(iso(addCalendarMonths(from, n))).toBe(to);
  });

  it('lands in the right month, on the same day or the month’s last, at the same time of day (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: -240, max: 240 }),
        (d, n) => {
          const r = addCalendarMonths(d, n);
          expect(r.getUTCFullYear() * 12 + r.getUTCMonth()).toBe(d.getUTCFullYear() * 12 + d.getUTCMonth() + n);
          const last = new Date(Date.UTC(r.getUTCFullYear(), r.getUTCMonth() + 1, 0)).getUTCDate();
          expect(r.getUTCDate()).toBe(Math.min(d.getUTCDate(), last));
          expect(r.getTime() % 86_400_000).toBe(d.getTime() % 86_400_000);
        },
      ),
    );
  });

  it('never goes backwards as months are added (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), fc.nat(120), (d, n) => {
        expect(addCalendarMonths(d, n + 1).getTime()).toBeGreaterThan(addCalendarMonths(d, n).getTime());
      }),
    );
  });
});

describe('passwordExpiry', () => {
  const setOn31Jan = { passwordChangedAt: '2026-01-31T08:00:00.000Z' };

  it('never expires a password when expiry is off', () => {
    const clock = new ManualClock('2040-01-01T00:00:00.000Z');
    expect(passwordExpiry({ expiryMonths: null }, setOn31Jan, null, clock.now())).toEqual({ expired: false, expiresAt: null, reasons: [] });
  });

  it('expires a password set on 31 January at the end of February, not in March', () => {
    const clock = new ManualClock('2026-02-28T07:59:59.999Z');
    expect(passwordExpiry({ expiryMonths: 1 }, setOn31Jan, null, clock.now())).toEqual({
      expired: false,
      expiresAt: '2026-02-28T08:00:00.000Z',
      reasons: [],
    });
    clock.advance(1);
    expect(passwordExpiry({ expiryMonths: 1 }, setOn31Jan, null, clock.now())).toMatchObject({
      expired: true,
      reasons: ['max_age_reached'],
    });
  });

  it('expires every password set before a requirement was raised, and none set after', () => {
    const clock = new ManualClock('2026-02-01T00:00:00.000Z');
    const raisedAt = '2026-02-01T00:00:00.000Z';
    expect(passwordExpiry({ expiryMonths: null }, setOn31Jan, raisedAt, clock.now())).toMatchObject({
      expired: true,
      reasons: ['requirements_raised'],
    });
    expect(passwordExpiry({ expiryMonths: null }, { passwordChangedAt: raisedAt }, raisedAt, clock.now()).expired).toBe(false);
  });

  it('gives both reasons when both hold', () => {
    const clock = new ManualClock('2027-01-01T00:00:00.000Z');
    expect(passwordExpiry({ expiryMonths: 3 }, setOn31Jan, '2026-06-01T00:00:00.000Z', clock.now()).reasons).toEqual([
      'max_age_reached',
      'requirements_raised',
    ]);
  });
});
