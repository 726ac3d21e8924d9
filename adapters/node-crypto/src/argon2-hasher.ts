import { hash as argon2Hash, verify as argon2Verify, type Algorithm, type Version } from '@node-rs/argon2';
import type { PasswordHasher } from '@parley/core';

/** Argon2id cost parameters. `memoryCost` is in KiB, as in the PHC string's `m=`. */
export interface Argon2Params {
  /** Memory per hash in KiB (`m=`). */
  readonly memoryCost: number;
  /** Number of passes (`t=`). */
  readonly timeCost: number;
  /** Degree of parallelism (`p=`). */
  readonly parallelism: number;
}

/**
 * The OWASP Password Storage Cheat Sheet's minimum argon2id configuration:
 * 19 MiB of memory, 2 iterations, 1 degree of parallelism.
 */
export const OWASP_ARGON2_DEFAULTS: Argon2Params = Object.freeze({
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
});

/** Options for {@link Argon2Hasher}; anything omitted falls back to {@link OWASP_ARGON2_DEFAULTS}. */
export type Argon2HasherOptions = Partial<Argon2Params>;

/** What a PHC-format argon2 hash string says about how it was made. */
export interface ParsedArgon2Hash extends Argon2Params {
  /** `argon2id`, `argon2i` or `argon2d`. */
  readonly algorithm: string;
  /** `19` for 0x13, `16` for 0x10. */
  readonly version: number;
}

// `Algorithm` and `Version` are ambient const enums in @node-rs/argon2's typings and are not usable as
// values under `isolatedModules` (and are empty objects at runtime), so use their numeric values.
const ARGON2ID = 2 as Algorithm;
const V0X13 = 1 as Version;
const PHC_VERSION_0X13 = 19;

const MAX_U32 = 0xffff_ffff;

// $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>  (standard base64 without padding)
const PHC = /^\$(argon2(?:id|i|d))\$v=(\d{1,3})\$m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,3})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** Parses a PHC-format argon2 hash; null if it is not one. Does not check the salt or digest. */
export function parseArgon2Hash(hash: string): ParsedArgon2Hash | null {
  if (typeof hash !== 'string') return null;
  const m = PHC.exec(hash);
  if (!m) return null;
  return {
    algorithm: m[1]!,
    version: Number(m[2]),
    memoryCost: Number(m[3]),
    timeCost: Number(m[4]),
    parallelism: Number(m[5]),
  };
}

function checkInteger(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`Argon2Hasher: ${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

function validate(options: Argon2HasherOptions): Argon2Params {
  const merged = { ...OWASP_ARGON2_DEFAULTS, ...stripUndefined(options) };
  const parallelism = checkInteger('parallelism', merged.parallelism, 1, 255);
  const timeCost = checkInteger('timeCost', merged.timeCost, 1, MAX_U32);
  // Argon2 requires at least 8 KiB per lane.
  const memoryCost = checkInteger('memoryCost', merged.memoryCost, 8 * parallelism, MAX_U32);
  return Object.freeze({ memoryCost, timeCost, parallelism });
}

function stripUndefined(options: Argon2HasherOptions): Argon2HasherOptions {
  const out: { -readonly [K in keyof Argon2Params]?: number } = {};
  if (options.memoryCost !== undefined) out.memoryCost = options.memoryCost;
  if (options.timeCost !== undefined) out.timeCost = options.timeCost;
  if (options.parallelism !== undefined) out.parallelism = options.parallelism;
  return out;
}

/**
 * Argon2id password hashing via `@node-rs/argon2`, producing PHC strings
 * (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`) with a fresh random 16-byte salt each time.
 *
 * Passwords are hashed as their UTF-8 bytes with no normalisation and no length truncation.
 */
export class Argon2Hasher implements PasswordHasher {
  /** The parameters new hashes are made with. */
  readonly params: Argon2Params;

  /** @throws RangeError if a parameter is not a positive integer in argon2's range (memoryCost ≥ 8 × parallelism). */
  constructor(options: Argon2HasherOptions = {}) {
    this.params = validate(options);
  }

  async hash(password: string): Promise<string> {
    if (typeof password !== 'string') throw new TypeError('Argon2Hasher.hash: password must be a string');
    return argon2Hash(password, {
      algorithm: ARGON2ID,
      version: V0X13,
      memoryCost: this.params.memoryCost,
      timeCost: this.params.timeCost,
      parallelism: this.params.parallelism,
    });
  }

  /**
   * True iff `password` matches `hash`. Never throws: a malformed hash gives false. Hashes made with other
   * argon2 variants or parameters still verify (use {@link needsRehash} to upgrade them).
   */
  async verify(hash: string, password: string): Promise<boolean> {
    if (typeof hash !== 'string' || typeof password !== 'string') return false;
    if (!parseArgon2Hash(hash)) return false;
    try {
      return await argon2Verify(hash, password);
    } catch {
      return false;
    }
  }

  /**
   * Whether `hash` should be replaced (after a successful verify) because it was not made with this
   * hasher's configuration: a different algorithm, version, memory, time or parallelism cost. A malformed
   * hash also needs rehashing.
   */
  needsRehash(hash: string): boolean {
    return needsRehash(hash, this.params);
  }
}

/**
 * Whether `hash` was not made as argon2id v19 with exactly `params` (default {@link OWASP_ARGON2_DEFAULTS}),
 * so should be rehashed after the next successful verify. True for a malformed hash.
 */
export function needsRehash(hash: string, params: Argon2Params = OWASP_ARGON2_DEFAULTS): boolean {
  const parsed = parseArgon2Hash(hash);
  if (!parsed) return true;
  return (
    parsed.algorithm !== 'argon2id' ||
    parsed.version !== PHC_VERSION_0X13 ||
    parsed.memoryCost !== params.memoryCost ||
    parsed.timeCost !== params.timeCost ||
    parsed.parallelism !== params.parallelism
  );
}
