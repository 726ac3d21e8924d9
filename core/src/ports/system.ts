import type { Id, Instant } from '../model/types.js';

/** The time. Tests use a fake one. */
export interface Clock {
  now(): Date;
}

export const isoNow = (clock: Clock): Instant => clock.now().toISOString();

/** Makes ids. Production ids are time-ordered (UUIDv7) so that id order is creation order. */
export interface IdGenerator {
  next(): Id;
}

/** Password hashing (argon2id in the reference adapter). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Constant-time; false for a malformed hash rather than throwing. */
  verify(hash: string, password: string): Promise<boolean>;
}

/** Hashing, random tokens and constant-time comparison. */
export interface TokenCrypto {
  /** A URL-safe random token with `bytes` bytes of entropy (at least 16). */
  randomToken(bytes?: number): string;
  /** Lower-case hex SHA-256 of the UTF-8 text. */
  sha256(text: string): string;
  /** Constant-time string equality. */
  safeEqual(a: string, b: string): boolean;
  /**
   * HMAC-SHA256 of the UTF-8 `message` under the key whose bytes `keyBase64` encodes (standard base64),
   * as standard base64: what Standard Webhooks signatures are made of.
   */
  hmacSha256(keyBase64: string, message: string): string;
}

/**
 * Where the core reports what an operator may want to know although no caller sees it (a write that failed
 * and was tried again). Shaped like `console`, so `console` itself fits. Callers pass no secrets.
 */
export interface Logger {
  warn(message: string, fields?: Record<string, unknown>): void;
}
