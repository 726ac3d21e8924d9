import { describe, expect, it } from 'vitest';
import type { BusinessHours } from '../model/widget.js';
import { ManualClock } from '../testing/manual-clock.js';
import { canonicalTimeZone, localTime, withinBusinessHours } from './business-hours.js';

const berlin: BusinessHours = {
  timezone: 'Europe/Berlin',
  days: {
    sat: [{ from: '09:00', to: '17:30' }],
    sun: [
      { from: '09:00', to: '12:00' },
      { from: '13:00', to: '24:00' },
    ],
  },
  holidays: ['2026-12-25'],
};
const open = (clock: ManualClock, hours: BusinessHours | null = berlin) => withinBusinessHours(hours, clock.now().toISOString());

describe('withinBusinessHours', () => {
  it('opens at nine local time on both sides of the spring-forward change (Berlin, 29 March 2026)', () => {
    // Saturday 28 March: CET, UTC+1
    const clock = new ManualClock('2026-03-28T07:59:00Z');
    expect(open(clock)).toBe(false); // 08:59
    clock.set('2026-03-28T08:00:00Z');
    expect(open(clock)).toBe(true); // 09:00
    // Sunday 29 March: CEST from 02:00 local, UTC+2 — nine o'clock is an hour earlier in UTC
    clock.set('2026-03-29T06:59:00Z');
    expect(open(clock)).toBe(false); // 08:59
    clock.set('2026-03-29T07:00:00Z');
    expect(open(clock)).toBe(true); // 09:00
    clock.set('2026-03-29T08:00:00Z');
    expect(open(clock)).toBe(true); // 10:00 CEST (09:00 UTC+1 would be wrong-footed here)
  });

  it('follows the local clock through the autumn change (Berlin, 25 October 2026)', () => {
    // Saturday 24 October: CEST, UTC+2; Sunday 25 October: CET from 03:00 local, UTC+1
    const clock = new ManualClock('2026-10-24T15:29:00Z');
    expect(open(clock)).toBe(true); // 17:29
    clock.set('2026-10-24T15:30:00Z');
    expect(open(clock)).toBe(false); // 17:30: `to` is exclusive
    clock.set('2026-10-25T07:59:00Z');
    expect(open(clock)).toBe(false); // 08:59 CET
    clock.set('2026-10-25T08:00:00Z');
    expect(open(clock)).toBe(true); // 09:00 CET
    clock.set('2026-10-25T10:59:00Z');
    expect(open(clock)).toBe(true); // 11:59 CET (in CEST it would be 12:59, the lunch gap)
  });

  it('closes over the lunch gap and stays open until midnight with `24:00`', () => {
    const clock = new ManualClock('2026-10-25T11:30:00Z'); // 12:30 CET
    expect(open(clock)).toBe(false);
    clock.set('2026-10-25T12:00:00Z'); // 13:00
    expect(open(clock)).toBe(true);
    clock.set('2026-10-25T22:59:00Z'); // 23:59 Sunday
    expect(open(clock)).toBe(true);
    clock.set('2026-10-25T23:00:00Z'); // 00:00 Monday: closed
    expect(open(clock)).toBe(false);
  });

  it('is closed on a holiday (a local date) and on days without intervals', () => {
    const clock = new ManualClock('2026-12-26T10:00:00Z'); // Saturday 26 December, 11:00
    expect(open(clock)).toBe(true);
    clock.set('2026-12-25T10:00:00Z'); // Friday, and a holiday
    expect(open(clock, { ...berlin, days: { fri: [{ from: '00:00', to: '24:00' }] } })).toBe(false);
    clock.set('2026-12-24T10:00:00Z'); // Thursday: no intervals
    expect(open(clock)).toBe(false);
  });

  it('judges the holiday by the zone’s date, not UTC’s', () => {
    // 23:30 UTC on 24 December is already 25 December in Berlin
    expect(localTime('Europe/Berlin', '2026-12-24T23:30:00.000Z')).toEqual({ date: '2026-12-25', weekday: 'fri', time: '00:30' });
    expect(
      withinBusinessHours(
        { ...berlin, days: { fri: [{ from: '00:00', to: '24:00' }], thu: [{ from: '00:00', to: '24:00' }] } },
        '2026-12-24T23:30:00.000Z',
      ),
    ).toBe(false);
  });

  it('is always open without a schedule', () => {
    expect(withinBusinessHours(null, '2026-12-25T03:00:00.000Z')).toBe(true);
  });
});

describe('canonicalTimeZone', () => {
  it('knows IANA zones through Intl and refuses others', () => {
    expect(canonicalTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(canonicalTimeZone('Mars/Olympus_Mons')).toBeNull();
    expect(canonicalTimeZone('Mars/Olympus')).toBeNull();
  });
});
