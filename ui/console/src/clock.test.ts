import { describe, expect, it } from 'vitest';
import { clockTime, shortWhen } from './clock.js';

describe('short times for lists', () => {
  const now = new Date(2026, 11, 6, 18, 5);

  it('is the time of day for today', () => {
    const at = new Date(2026, 11, 6, 9, 30);
    expect(shortWhen(at, now)).toBe(clockTime(at));
  });

  it('adds the day for earlier this year, and is the day with its year before that', () => {
    const march = new Date(2026, 2, 14, 9, 30);
    expect(shortWhen(march, now)).toBe(`${march.toLocaleDateString([], { month: 'short', day: 'numeric' })}, ${clockTime(march)}`);
    const last = new Date(2025, 11, 6, 18, 5);
    expect(shortWhen(last, now)).toBe(last.toLocaleDateString([], { month: 'short', day: 'numeric', year: 'numeric' }));
    expect(shortWhen(last, now)).toContain('2025');
  });
});
