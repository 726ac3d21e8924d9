/**
 * Node.js implementations of `@parley/core`'s system ports: argon2id password hashing
 * ({@link Argon2Hasher}), random tokens, SHA-256 and constant-time comparison ({@link NodeTokenCrypto}),
 * monotonic time-ordered UUIDv7 ids ({@link Uuid7Ids}) and the real clock ({@link SystemClock}).
 *
 * @module
 */
export {
  Argon2Hasher,
  needsRehash,
  OWASP_ARGON2_DEFAULTS,
  parseArgon2Hash,
  type Argon2HasherOptions,
  type Argon2Params,
  type ParsedArgon2Hash,
} from './argon2-hasher.js';
export { MAX_TOKEN_BYTES, MIN_TOKEN_BYTES, NodeTokenCrypto } from './node-token-crypto.js';
export { AesGcmSecretBox, generateSecretKey, parseSecretKey } from './aes-gcm-secret-box.js';
export { SystemClock } from './system-clock.js';
export { Uuid7Ids, uuid7Timestamp, type Uuid7IdsOptions } from './uuid7-ids.js';
