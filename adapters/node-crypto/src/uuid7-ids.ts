import { randomFillSync } from 'node:crypto';
import type { Clock, IdGenerator } from '@parley/core';

/** Options for {@link Uuid7Ids}; both exist for tests. */
export interface Uuid7IdsOptions {
  /** Where the timestamp comes from; defaults to `Date.now()`. */
  readonly clock?: Clock;
  /** Fills `target` with random bytes; defaults to `crypto.randomFillSync`. */
  readonly randomFill?: (target: Uint8Array) => void;
}

const MAX_TIMESTAMP = 2 ** 48 - 1;
const TWO_32 = 2 ** 32;
const TWO_30 = 2 ** 30;
const TWO_12 = 2 ** 12;

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

const POOL_SIZE = 4096;

/**
 * RFC 9562 UUIDv7 ids: `tttttttt-tttt-7aaa-Vbbb-bbbbbbbbbbbb` in lower-case hex, where `t` is the 48-bit
 * Unix time in milliseconds, `7` the version, `V` carries the `10` variant bits, and `a` (12 bits) and `b`
 * (62 bits) are random.
 *
 * Ids from one instance are strictly increasing, so their string order is their creation order, even
 * for many ids in the same millisecond or if the clock steps back (RFC 9562 §6.2, method 2 "monotonic
 * random"): the first id in a millisecond gets 74 fresh random bits, and each later one adds a random
 * increment of 1 to 2^31 to the previous id's 74 bits. If those bits would overflow, or the clock has gone
 * backwards, the timestamp is taken as one past the previous id's instead of the clock's. Use one instance
 * per process to get process-wide monotonicity.
 */
export class Uuid7Ids implements IdGenerator {
  private readonly clock: Clock | undefined;
  private readonly randomFill: (target: Uint8Array) => void;
  private readonly pool = new Uint8Array(POOL_SIZE);
  private poolOffset = POOL_SIZE;

  /** Timestamp of the last id; -1 before the first. */
  private lastMs = -1;
  /** The 74 random-ish bits of the last id: rand_a (12), then rand_b as 30 + 32 bits. */
  private randA = 0;
  private randBHi = 0;
  private randBLo = 0;

  constructor(options: Uuid7IdsOptions = {}) {
    this.clock = options.clock;
    this.randomFill = options.randomFill ?? ((target) => void randomFillSync(target));
  }

  next(): string {
    const now = this.clock ? this.clock.now().getTime() : Date.now();
    if (!Number.isFinite(now) || now < 0 || now > MAX_TIMESTAMP) {
      throw new RangeError(`Uuid7Ids: clock time ${String(now)} is outside the UUIDv7 range`);
    }
    const ms = Math.floor(now);
    if (ms > this.lastMs) {
      this.lastMs = ms;
      this.reseed();
    } else if (!this.increment()) {
      // 74 bits exhausted within one millisecond (or clock stepped back): borrow the next millisecond.
      if (this.lastMs >= MAX_TIMESTAMP) throw new RangeError('Uuid7Ids: timestamp overflow');
      this.lastMs += 1;
      this.reseed();
    }
    return this.format();
  }

  private reseed(): void {
    const r = this.random(10);
    this.randA = ((r[0]! << 8) | r[1]!) & 0x0fff;
    this.randBHi = ((r[2]! & 0x3f) << 24) | (r[3]! << 16) | (r[4]! << 8) | r[5]!;
    this.randBLo = ((r[6]! << 24) | (r[7]! << 16) | (r[8]! << 8) | r[9]!) >>> 0;
  }

  /** Adds a random amount in [1, 2^31] to the 74-bit value; false (and no change) if it would overflow. */
  private increment(): boolean {
    const r = this.random(4);
    const step = ((((r[0]! & 0x7f) << 24) | (r[1]! << 16) | (r[2]! << 8) | r[3]!) >>> 0) + 1;
    let lo = this.randBLo + step;
    let hi = this.randBHi;
    let a = this.randA;
    if (lo >= TWO_32) {
      lo -= TWO_32;
      hi += 1;
      if (hi >= TWO_30) {
        hi = 0;
        a += 1;
        if (a >= TWO_12) return false;
      }
    }
    this.randBLo = lo;
    this.randBHi = hi;
    this.randA = a;
    return true;
  }

  private random(n: number): Uint8Array {
    if (this.poolOffset + n > POOL_SIZE) {
      this.randomFill(this.pool);
      this.poolOffset = 0;
    }
    const out = this.pool.subarray(this.poolOffset, this.poolOffset + n);
    this.poolOffset += n;
    return out;
  }

  private format(): string {
    const ms = this.lastMs;
    const msHi = Math.floor(ms / TWO_32); // top 16 bits
    const msLo = ms >>> 0; // bottom 32 bits (ms % 2^32)
    const a = this.randA;
    const hi = this.randBHi;
    const lo = this.randBLo;
    return (
      HEX[(msHi >>> 8) & 0xff]! +
      HEX[msHi & 0xff]! +
      HEX[(msLo >>> 24) & 0xff]! +
      HEX[(msLo >>> 16) & 0xff]! +
      '-' +
      HEX[(msLo >>> 8) & 0xff]! +
      HEX[msLo & 0xff]! +
      '-' +
      HEX[0x70 | (a >>> 8)]! +
      HEX[a & 0xff]! +
      '-' +
      HEX[0x80 | (hi >>> 24)]! +
      HEX[(hi >>> 16) & 0xff]! +
      '-' +
      HEX[(hi >>> 8) & 0xff]! +
      HEX[hi & 0xff]! +
      HEX[(lo >>> 24) & 0xff]! +
      HEX[(lo >>> 16) & 0xff]! +
      HEX[(lo >>> 8) & 0xff]! +
      HEX[lo & 0xff]!
    );
  }
}

/** The Unix time in milliseconds encoded in a UUIDv7 (its first 48 bits). */
export function uuid7Timestamp(id: string): number {
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
