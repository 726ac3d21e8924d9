import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, decideAfterAttempt, nominalDelayMs, parseRetryAfter, retryDelayMs, scheduleSpanMs } from './backoff.js';

const HOUR = 3_600_000;
const now = new Date('2026-03-01T12:00:00.000Z');
const fail = (status: number | null, retryAfter: string | null = null) => ({ ok: false, status, retryAfter });

describe('the retry schedule', () => {
  it('grows exponentially from 10 s to a 12 h cap, and spans about three days', () => {
    expect([1, 2, 3, 4].map((a) => nominalDelayMs(DEFAULT_BACKOFF, a))).toEqual([10_000, 30_000, 90_000, 270_000]);
    expect(nominalDelayMs(DEFAULT_BACKOFF, 9)).toBe(12 * HOUR);
    expect(nominalDelayMs(DEFAULT_BACKOFF, 13)).toBe(12 * HOUR);
    const span = scheduleSpanMs(DEFAULT_BACKOFF);
    expect(span).toBeGreaterThan(60 * HOUR);
    expect(span).toBeLessThan(78 * HOUR);
  });

  it('keeps every jittered wait within ±25% of the nominal one (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const nominal = nominalDelayMs(DEFAULT_BACKOFF, attempt);
        const d = retryDelayMs(DEFAULT_BACKOFF, attempt, () => r);
        expect(d).toBeGreaterThanOrEqual(Math.floor(nominal * 0.75));
        expect(d).toBeLessThanOrEqual(Math.ceil(nominal * 1.25));
      }),
    );
  });

  it('spreads retries of the same attempt apart (jitter)', () => {
    expect(retryDelayMs(DEFAULT_BACKOFF, 3, () => 0)).toBe(67_500);
    expect(retryDelayMs(DEFAULT_BACKOFF, 3, () => 0.5)).toBe(90_000);
    expect(retryDelayMs(DEFAULT_BACKOFF, 3, () => 0.999)).toBeCloseTo(112_455, -1);
  });
});

describe('what happens after a try', () => {
  const half = () => 0.5;

  it('succeeds on 2xx only', () => {
    expect(decideAfterAttempt(DEFAULT_BACKOFF, { ok: true, status: 204, retryAfter: null }, 1, now, half)).toEqual({ kind: 'succeeded' });
    expect(decideAfterAttempt(DEFAULT_BACKOFF, fail(302), 1, now, half)).toEqual({ kind: 'retry', delayMs: 10_000 });
    expect(decideAfterAttempt(DEFAULT_BACKOFF, fail(null), 2, now, half)).toEqual({ kind: 'retry', delayMs: 30_000 });
  });

  it('stops for good on 410 Gone, whatever tries remain', () => {
    expect(decideAfterAttempt(DEFAULT_BACKOFF, fail(410), 1, now, half)).toMatchObject({ kind: 'dead' });
  });

  it('gives up after the last try of the schedule', () => {
    expect(decideAfterAttempt(DEFAULT_BACKOFF, fail(500), DEFAULT_BACKOFF.maxAttempts - 1, now, half).kind).toBe('retry');
    expect(decideAfterAttempt(DEFAULT_BACKOFF, fail(500), DEFAULT_BACKOFF.maxAttempts, now, half)).toEqual({
      kind: 'failed',
      reason: `gave up after ${DEFAULT_BACKOFF.maxAttempts} tries`,
    });
  });

  it('honours Retry-After when it asks for longer than the backoff, up to a day', () => {
    expect(decideAfterAttempt(DEFAULT_BACKOFF, fail(429, '120'), 1, now, half)).toEqual({ kind: 'retry', delayMs: 120_000 });
    expect(decideAfterAttempt(DEFAULT_BACKOFF, fail(503, '1'), 2, now, half)).toEqual({ kind: 'retry', delayMs: 30_000 });
    expect(decideAfterAttempt(DEFAULT_BACKOFF, fail(503, 'Sun, 01 Mar 2026 13:00:00 GMT'), 1, now, half)).toEqual({
      kind: 'retry',
      delayMs: HOUR,
    });
    expect(decideAfterAttempt(DEFAULT_BACKOFF, fail(503, String(7 * 86_400)), 1, now, half)).toEqual({ kind: 'retry', delayMs: 24 * HOUR });
    expect(decideAfterAttempt(DEFAULT_BACKOFF, fail(503, 'soon'), 1, now, half)).toEqual({ kind: 'retry', delayMs: 10_000 });
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates, and nothing else', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 30 ', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
    expect(parseRetryAfter('1.5', now)).toBeNull();
    expect(parseRetryAfter('2026-03-01T12:00:30Z', now)).toBeNull();
    expect(parseRetryAfter('Sun, 99 Mar 2026 12:00:30 GMT', now)).toBeNull();
  });
});
