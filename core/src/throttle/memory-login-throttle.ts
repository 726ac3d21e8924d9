import type { LoginThrottle, ThrottleDecision } from '../ports/security.js';

export interface MemoryLoginThrottleOptions {
  /** Failed attempts one address may make in a burst (default 20). */
  readonly maxFailures?: number;
  /** The time in which the allowance refills completely (default 600 s). */
  readonly windowSeconds?: number;
  /** At most this many addresses are remembered; the oldest is forgotten first (default 100 000). */
  readonly maxKeys?: number;
}

interface Bucket {
  tokens: number;
  atMs: number;
}

/**
 * {@link LoginThrottle} in process memory: a token bucket per address. Each failure takes a token; an
 * address with less than one token is refused until the bucket refills (`maxFailures` tokens per
 * `windowSeconds`, continuously). Full buckets are forgotten, and the number of addresses is bounded.
 * One process only: several processes behind a balancer need a shared implementation of the port.
 */
export class MemoryLoginThrottle implements LoginThrottle {
  readonly maxFailures: number;
  readonly windowSeconds: number;
  private readonly maxKeys: number;
  private readonly perMs: number;
  private readonly buckets = new Map<string, Bucket>();

  constructor(options: MemoryLoginThrottleOptions = {}) {
    this.maxFailures = options.maxFailures ?? 20;
    this.windowSeconds = options.windowSeconds ?? 600;
    this.maxKeys = options.maxKeys ?? 100_000;
    if (!(this.maxFailures >= 1) || !(this.windowSeconds > 0) || !(this.maxKeys >= 1))
      throw new RangeError('MemoryLoginThrottle: maxFailures, windowSeconds and maxKeys must be positive');
    this.perMs = this.maxFailures / (this.windowSeconds * 1000);
  }

  private tokens(key: string, nowMs: number): number {
    const b = this.buckets.get(key);
    if (!b) return this.maxFailures;
    const tokens = Math.min(this.maxFailures, b.tokens + Math.max(0, nowMs - b.atMs) * this.perMs);
    if (tokens >= this.maxFailures) this.buckets.delete(key);
    return tokens;
  }

  async check(key: string, now: Date): Promise<ThrottleDecision> {
    const tokens = this.tokens(key, now.getTime());
    if (tokens >= 1) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000)) };
  }

  async recordFailure(key: string, now: Date): Promise<void> {
    const nowMs = now.getTime();
    const tokens = Math.max(0, this.tokens(key, nowMs) - 1);
    this.buckets.delete(key); // re-insert at the end: the map's order is least recently failed first
    this.buckets.set(key, { tokens, atMs: nowMs });
    while (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
  }
}
