import { describe, expect, it } from 'vitest';
import { visitorLocalTime } from './visitor-time.js';

describe('the visitor’s local time', () => {
  const now = new Date('2026-12-06T18:05:00Z');

  it('is the time in the visitor’s time zone, which it names', () => {
    const london = visitorLocalTime('Europe/London', now)!;
    const tokyo = visitorLocalTime('Asia/Tokyo', now)!;
    expect(london).toMatch(/^\S.*\(Europe\/London\)$/);
    expect(london).toContain(now.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }));
    expect(tokyo).toContain(
      new Date('2026-12-06T18:05:00Z').toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Tokyo' }),
    );
    expect(tokyo).not.toBe(london.replace('Europe/London', 'Asia/Tokyo'));
  });

  it('is nothing without a time zone, or with one nobody knows', () => {
    expect(visitorLocalTime(null, now)).toBeNull();
    expect(visitorLocalTime('', now)).toBeNull();
    expect(visitorLocalTime('Mars/Olympus_Mons', now)).toBeNull();
  });
});
