import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, ZoneCalendar } from './time-zone.js';

describe('ZoneCalendar', () => {
  it('puts an instant on the local day of the zone', () => {
    const berlin = new ZoneCalendar('Europe/Berlin');
    expect(berlin.dayOf('2026-03-01T22:59:59.999Z')).toBe('2026-03-01');
    expect(berlin.dayOf('2026-03-01T23:00:00.000Z')).toBe('2026-03-02');
    expect(new ZoneCalendar('America/Los_Angeles').dayOf('2026-03-02T07:59:00.000Z')).toBe('2026-03-01');
    expect(new ZoneCalendar('Asia/Kathmandu').dayOf('2026-03-01T18:14:00.000Z')).toBe('2026-03-01'); // +05:45
    expect(new ZoneCalendar('Asia/Kathmandu').dayOf('2026-03-01T18:15:00.000Z')).toBe('2026-03-02');
    expect(new ZoneCalendar('UTC').dayOf('2026-03-01T23:59:59.999Z')).toBe('2026-03-01');
  });

  it('finds when a local day starts, across daylight-saving changes', () => {
    const berlin = new ZoneCalendar('Europe/Berlin');
    expect(berlin.startOf('2026-01-15')).toBe('2026-01-14T23:00:00.000Z');
    expect(berlin.startOf('2026-07-15')).toBe('2026-07-14T22:00:00.000Z');
    expect(berlin.startOf('2026-03-29')).toBe('2026-03-28T23:00:00.000Z'); // the day summer time starts
    expect(berlin.startOf('2026-03-30')).toBe('2026-03-29T22:00:00.000Z');
    expect(berlin.startOf('2026-10-25')).toBe('2026-10-24T22:00:00.000Z'); // the day it ends
    expect(new ZoneCalendar('Asia/Kolkata').startOf('2026-03-01')).toBe('2026-02-28T18:30:00.000Z');
    // Midnight does not exist on this day in Santiago (clocks go from 00:00 to 01:00): the day starts at 01:00.
    expect(new ZoneCalendar('America/Santiago').startOf('2026-09-06')).toBe('2026-09-06T04:00:00.000Z');
  });

  it('counts days', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(daysBetween('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
  });
});
