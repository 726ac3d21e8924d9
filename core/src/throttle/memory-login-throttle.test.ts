import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.js';
import { MemoryLoginThrottle } from './memory-login-throttle.js';

describe('MemoryLoginThrottle', () => {
  it('allows maxFailures failures in a burst, then refuses with a Retry-After', async () => {
    const clock = new ManualClock();
    const t = new MemoryLoginThrottle({ maxFailures: 5, windowSeconds: 300 });
    for (let i = 0; i < 5; i++) {
      expect(await t.check('198.51.100.1', clock.now())).toEqual({ allowed: true });
      await t.recordFailure('198.51.100.1', clock.now());
    }
    expect(await t.check('198.51.100.1', clock.now())).toEqual({ allowed: false, retryAfterSeconds: 60 });
  });

  it('lets the address try again once one failure’s worth has refilled', async () => {
    const clock = new ManualClock();
    const t = new MemoryLoginThrottle({ maxFailures: 5, windowSeconds: 300 });
    for (let i = 0; i < 5; i++) await t.recordFailure('a', clock.now());
    clock.advance(59_999);
    expect((await t.check('a', clock.now())).allowed).toBe(false);
    clock.advance(1);
    expect(await t.check('a', clock.now())).toEqual({ allowed: true });
  });

  it('keeps addresses apart', async () => {
    const clock = new ManualClock();
    const t = new MemoryLoginThrottle({ maxFailures: 2, windowSeconds: 60 });
    await t.recordFailure('a', clock.now());
    await t.recordFailure('a', clock.now());
    expect((await t.check('a', clock.now())).allowed).toBe(false);
    expect((await t.check('b', clock.now())).allowed).toBe(true);
  });

  it('forgets the least recently failing address beyond maxKeys', async () => {
    const clock = new ManualClock();
    const t = new MemoryLoginThrottle({ maxFailures: 1, windowSeconds: 60, maxKeys: 2 });
    for (const k of ['a', 'b', 'c']) await t.recordFailure(k, clock.now());
    expect((await t.check('a', clock.now())).allowed).toBe(true);
    expect((await t.check('b', clock.now())).allowed).toBe(false);
    expect((await t.check('c', clock.now())).allowed).toBe(false);
  });
});
