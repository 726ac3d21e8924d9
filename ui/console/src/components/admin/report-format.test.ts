import { describe, expect, it } from 'vitest';
import { formatDuration, formatRating, percent, presetRange, ratingCell, ratingDetail } from './report-format.js';

describe('report formatting', () => {
  it('says durations in seconds, minutes and hours', () => {
    expect(formatDuration(null)).toBe('–');
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(60)).toBe('1 min');
    expect(formatDuration(185)).toBe('3 min 5 s');
    expect(formatDuration(7800)).toBe('2 h 10 min');
    expect(formatDuration(7200)).toBe('2 h');
  });

  it('gives shares as whole percentages', () => {
    expect(percent(1, 3)).toBe('33 %');
    expect(percent(0, 0)).toBe('–');
  });

  it('turns presets into days, both included, across month and year ends', () => {
    const now = new Date(2026, 0, 3, 15, 0); // 3 January 2026, local time
    expect(presetRange('today', now)).toEqual({ from: '2026-01-03', to: '2026-01-03' });
    expect(presetRange('last7', now)).toEqual({ from: '2025-12-28', to: '2026-01-03' });
    expect(presetRange('last30', now)).toEqual({ from: '2025-12-05', to: '2026-01-03' });
    expect(presetRange('thisMonth', now)).toEqual({ from: '2026-01-01', to: '2026-01-03' });
    expect(presetRange('lastMonth', now)).toEqual({ from: '2025-12-01', to: '2025-12-31' });
  });

  it('says an average rating out of five and what stands behind it', () => {
    expect(formatRating({ rated: 25, average: 4.6, satisfied: 23 })).toBe('4.6 / 5');
    expect(formatRating({ rated: 1, average: 5, satisfied: 1 })).toBe('5.0 / 5');
    expect(formatRating(null)).toBe('–');
    expect(ratingDetail({ rated: 25, average: 4.6, satisfied: 23 })).toBe('92 % satisfied · 25 rated');
    expect(ratingDetail(null)).toBe('No ratings yet');
    expect(ratingCell({ rated: 2, average: 4.5, satisfied: 2 })).toBe('4.5 (2)');
    expect(ratingCell(null)).toBe('–');
  });
});
